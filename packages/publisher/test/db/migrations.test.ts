// Start-up migrations on a real PostgreSQL: the embedded default, or the server named by
// PUBLISHER_TEST_DATABASE_URL (CI runs both). Also checks the committed migration matches schema.prisma
// through the Prisma CLI + our wasm schema-engine stand-in.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DatabaseError } from '../../src/db/database-error.js';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createServerDatabase } from '@waldur-sim/harness';
import { embeddedDataDir, SERVER_URL } from '../support/database.js';

const run = promisify(execFile);
const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');

/** A fresh empty database of the configured kind for each call. */
let embedded: RunningEmbeddedPostgres | null = null;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (SERVER_URL === undefined || SERVER_URL === '') {
    const dataDir = embeddedDataDir();
    embedded = await startEmbeddedPostgres({ dataDir });
    cleanups.push(async () => {
      await embedded?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
  }
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freshDatabase(): Promise<string> {
  const server = SERVER_URL !== undefined && SERVER_URL !== '' ? SERVER_URL : embedded?.url;
  if (server === undefined) throw new Error('no database server');
  const { url, drop } = await createServerDatabase(server, 'publisher_test');
  cleanups.push(drop);
  return url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe(`migrations (${SERVER_URL ? 'server PostgreSQL' : 'embedded PostgreSQL'})`, () => {
  test('apply every table on an empty database, book-kept like Prisma, and re-running is a no-op', async () => {
    const url = await freshDatabase();
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);

    const first = await applyMigrations(url);
    expect(first.applied).toEqual(files.map((f) => f.name));

    const tables = (
      await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)
    ).map((r) => r.tablename);
    for (const t of [
      'User',
      'Offering',
      'Order',
      'EventSubscription',
      'SubscriptionQueue',
      'OutboxMessage',
      '_prisma_migrations',
    ]) {
      expect(tables).toContain(t);
    }
    const rows = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
      finished_at: Date | null;
    }>(
      url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const firstFile = files[0]!;
    const sql = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, firstFile.name, 'migration.sql'));
    expect(rows[0]).toMatchObject({
      migration_name: firstFile.name,
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
    });
    expect(rows[0]?.finished_at).toBeInstanceOf(Date);

    const second = await applyMigrations(url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name), modified: [] });
    expect(await query(url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(files.length);
  });

  test('concurrent start-ups apply each migration exactly once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a.applied, ...b.applied]).toHaveLength((await readMigrations()).length);
    expect(await query(url, 'SELECT 1 FROM "_prisma_migrations"')).toHaveLength(
      (await readMigrations()).length,
    );
  });

  test('a failing migration raises ERR_MIGRATION_FAILED and leaves nothing half-applied', async () => {
    const url = await freshDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'publisher-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, '20000101000000_good'));
    await writeFile(path.join(dir, '20000101000000_good', 'migration.sql'), 'CREATE TABLE good (id int);\n');
    await mkdir(path.join(dir, '20000101000001_bad'));
    await writeFile(
      path.join(dir, '20000101000001_bad', 'migration.sql'),
      'CREATE TABLE half (id int);\nALTER TABLE missing_table ADD COLUMN x int;\n',
    );
    const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('ERR_MIGRATION_FAILED');
    const tables = (
      await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)
    ).map((r) => r.tablename);
    expect(tables).toContain('good');
    expect(tables).not.toContain('half');
    const names = (
      await query<{ migration_name: string }>(url, 'SELECT migration_name FROM "_prisma_migrations"')
    ).map((r) => r.migration_name);
    expect(names).toEqual(['20000101000000_good']);
  });

  test('openDatabase migrates and hands out a working Prisma client', async () => {
    const url = await freshDatabase();
    const db = await openDatabase({ databaseUrl: url });
    try {
      expect(db.embedded).toBe(false);
      expect(db.migrations?.applied.length).toBeGreaterThan(0);
      const user = await db.prisma.user.create({
        data: { id: 'a'.repeat(32), username: 'u', token: 'b'.repeat(40) },
      });
      expect(user.isActive).toBe(true);
      expect(await db.prisma.user.count()).toBe(1);
    } finally {
      await db.close();
    }
  });

  test('the committed migrations produce exactly schema.prisma (prisma migrate diff via the wasm engine shim)', async () => {
    const url = await freshDatabase();
    await applyMigrations(url);
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
    delete env.NODE_EXTRA_CA_CERTS;
    const result = await run(
      'pnpm',
      [
        'exec',
        'prisma',
        'migrate',
        'diff',
        '--from-config-datasource',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      { cwd: PACKAGE_DIR, env },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (error: unknown) => {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      },
    );
    expect(result.stdout).not.toMatch(/Error/);
    expect(result.code).toBe(0);
  });
});

describe('embedded PostgreSQL', () => {
  test('keeps its data across restarts of the same data directory and applies migrations only once', async () => {
    const dataDir = embeddedDataDir();
    try {
      const first = await openDatabase({ dataDir });
      expect(first.embedded).toBe(true);
      expect(first.migrations?.applied.length).toBeGreaterThan(0);
      await first.prisma.customer.create({ data: { id: 'c'.repeat(32), name: 'Kept', slug: 'kept' } });
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect(second.migrations?.applied).toEqual([]);
        expect((await second.prisma.customer.findUnique({ where: { slug: 'kept' } }))?.name).toBe('Kept');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a data directory that is not a PostgreSQL data directory gives ERR_EMBEDDED_PG_DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'publisher-not-pg-'));
    try {
      await writeFile(path.join(dataDir, 'stray-file'), 'not a database');
      const error = await openDatabase({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).code).toBe('ERR_EMBEDDED_PG_DATA_DIR');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
