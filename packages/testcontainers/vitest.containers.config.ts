// Not named vitest.config.ts on purpose: the root test run (every package's vitest.config.ts) must not need a
// Docker engine and the pair's images. CI runs this from .ci/containers.sh once both exist:
//   node scripts/run-tests.mjs --config packages/testcontainers/vitest.containers.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'testcontainers',
    root: new URL('.', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
