// No broker needed: the global setup only bundles dist/cli.cjs so the bin/ launchers can run in tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'slurm-mock',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 30000,
  },
});
