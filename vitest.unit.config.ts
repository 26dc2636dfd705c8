// `pnpm test:unit`: each package's colocated unit tests (src/**/*.test.ts) and nothing else: no global setup, so
// no broker, database or bundling; integration tests under test/ run only in `pnpm test`. Every package's
// `test:unit` script points here with its own folder as root.
import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: `${basename(process.cwd())} (unit)`,
    include: ['src/**/*.test.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
  },
});
