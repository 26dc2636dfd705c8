// Unit tests only: the protocol package does no I/O, so it needs no broker.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'protocol', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30000 },
});
