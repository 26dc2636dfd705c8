import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'agent',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['@waldur-sim/testkit/global-setup'],
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
