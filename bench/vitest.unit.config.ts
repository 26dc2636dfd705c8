// Unit tests of the benchmark's own arithmetic and rendering (stats, CLI, report). Deliberately not named
// vitest.config.ts: `pnpm bench` is not part of the test suite. Run: pnpm --filter @waldur-sim/bench test:self
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'bench', include: ['src/**/*.test.ts'] } });
