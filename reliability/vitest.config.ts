// The reliability project: security tests (test/security, shared test broker from testkit's global setup) and
// the fault suite (test/faults, a private broker node per suite that the cases SIGKILL). Files run one at a
// time: each starts several node processes and the machine has 2 cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'reliability',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['@waldur-sim/testkit/global-setup'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 240_000,
  },
});
