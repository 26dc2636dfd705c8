#!/usr/bin/env node
// Placeholder for root scripts whose issue has not landed yet: says so and fails, never pretends to work.
const what = process.argv[2] ?? 'this command';
const landsWith = {
  dev: 'the end-to-end issue ("The pair working end to end")',
  demo: 'the end-to-end issue ("The pair working end to end")',
  bench: 'the benchmarks issue ("Benchmarks: latency and throughput of the pair")',
};
process.stderr.write(
  `pnpm ${what}: not yet implemented; it lands with ${landsWith[what] ?? 'a later issue'}.\n` +
    'Meanwhile see README.md for what works today.\n',
);
process.exit(2);
