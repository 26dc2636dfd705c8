// The root test run (`pnpm test` -> scripts/run-tests.mjs): every workspace folder (packages/*, e2e) that
// has its own vitest.config.ts is one project. Projects that need RabbitMQ list
// @waldur-sim/testkit/global-setup; vitest runs all globalSetups before any test and all teardowns after
// the last project, and testkit shares one broker between them.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const folders = [...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`), 'e2e'];

export default defineConfig({
  test: {
    projects: folders.filter((folder) => existsSync(join(root, folder, 'vitest.config.ts'))),
  },
});
