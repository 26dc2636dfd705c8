// `pnpm bench [--quick] [--only <scenario>[,<scenario>…]] [--help]`.
import { BenchError } from './bench-error.js';

export const SCENARIOS = ['latency', 'consumer', 'publish', 'agent-scale', 'slurm'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Issue 8's numbering: 4 (scale) has a publisher part (in `publish`) and an agent part. */
const BY_NUMBER: Readonly<Record<string, readonly ScenarioName[]>> = {
  '1': ['latency'],
  '2': ['consumer'],
  '3': ['publish'],
  '4': ['publish', 'agent-scale'],
  '5': ['slurm'],
};

export interface CliOptions {
  readonly quick: boolean;
  readonly only: readonly ScenarioName[];
  readonly help: boolean;
}

export const USAGE = `Usage: pnpm bench [--quick] [--only <scenario>[,<scenario>...]]

Runs the benchmarks against a real RabbitMQ (RABBITMQ_URL, else testcontainers, else the private local node),
writes bench/results/<date>.json, .md and .svg and prints the table.

  --quick             ~2 minute smoke run (fewer samples, smaller levels)
  --only <list>       run only these scenarios (comma separated): ${SCENARIOS.join(', ')}
                      or issue numbers 1-5 (1 latency, 2 consumer, 3 publish, 4 publish + agent-scale, 5 slurm)
  --help              this text

Environment: RABBITMQ_URL (+ RABBITMQ_MANAGEMENT_URL, ...) to use a given broker; BENCH_DATABASE_URL for the
PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/postgres, else the embedded PostgreSQL).`;

export function parseCli(argv: readonly string[]): CliOptions {
  let quick = false;
  let help = false;
  const only = new Set<ScenarioName>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') continue;
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '') throw new BenchError('USAGE', '--only needs a scenario name');
      for (const part of value.split(',')) {
        const name = part.trim();
        const mapped =
          BY_NUMBER[name] ??
          ((SCENARIOS as readonly string[]).includes(name) ? [name as ScenarioName] : undefined);
        if (mapped === undefined)
          throw new BenchError(
            'USAGE',
            `unknown scenario "${name}" (known: ${SCENARIOS.join(', ')}, or 1-5)`,
          );
        for (const m of mapped) only.add(m);
      }
    } else throw new BenchError('USAGE', `unknown argument "${arg}"\n\n${USAGE}`);
  }
  return { quick, help, only: [...only] };
}
