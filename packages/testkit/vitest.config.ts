import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'testkit',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The package's own source: no build needed to test it (other packages use @waldur-sim/testkit/global-setup).
    globalSetup: ['./src/global-setup.ts'],
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
