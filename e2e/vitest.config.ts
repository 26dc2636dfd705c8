// The end-to-end scenarios: real publisher, agents and slurm-mock as child processes against the broker the
// test-broker provider hands out. Files run one at a time (each starts several node processes; 2 cores).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['@waldur-sim/testkit/global-setup'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
