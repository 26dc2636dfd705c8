// The root test run (`pnpm test` -> scripts/run-tests.mjs): every workspace folder (packages/*, e2e, ...)
// that has its own vitest.config.ts is one project. Projects that need RabbitMQ list
// @waldur-sim/testkit/global-setup; vitest runs all globalSetups before any test and all teardowns after
// the last project, and testkit shares one broker between them.
//
// `e2e (unified path)` reruns every e2e scenario file with E2E_EVENT_PATH=unified.
// PUBLISHER_SERVER_DATABASE_URL (set by .ci/run) adds a second run of the publisher's suite against that
// PostgreSQL server, besides the default run on the publisher's embedded PostgreSQL.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const folders = [
  ...readdirSync(join(root, 'packages')).map((name) => `packages/${name}`),
  'e2e',
  'reliability',
];
const projects: TestProjectConfiguration[] = folders.filter((folder) =>
  existsSync(join(root, folder, 'vitest.config.ts')),
);

// Every scenario file again with the agents on Waldur's unified consumer path (docs/protocol.md#unified-path).
// Not `extends` of e2e's config: vitest would concatenate the include lists. One file per line.
projects.push({
  root: './e2e',
  test: {
    name: 'e2e (unified path)',
    include: [
      'test/accounts.test.ts',
      'test/agent-metrics.test.ts',
      'test/agents.test.ts',
      'test/dashboard.test.ts',
      'test/membership.test.ts',
      'test/orders.test.ts',
      'test/pending-order-resend.test.ts',
      'test/periodic-limits.test.ts',
      'test/resources.test.ts',
      'test/unified-consumers.test.ts',
      'test/usage.test.ts',
      'test/usernames.test.ts',
    ],
    env: { E2E_EVENT_PATH: 'unified' },
    globalSetup: ['@waldur-sim/testkit/global-setup'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

const serverDatabaseUrl = process.env.PUBLISHER_SERVER_DATABASE_URL;
if (serverDatabaseUrl) {
  projects.push({
    extends: './packages/publisher/vitest.config.ts',
    root: './packages/publisher',
    test: {
      name: 'publisher (PostgreSQL server)',
      env: { PUBLISHER_TEST_DATABASE_URL: serverDatabaseUrl },
    },
  });
}

export default defineConfig({ test: { projects } });
