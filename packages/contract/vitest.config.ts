// Unit tests only: the validators are pure; the fixture is read from this package's folder.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'contract', include: ['src/**/*.test.ts'], testTimeout: 30000 },
});
