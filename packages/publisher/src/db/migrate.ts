// Applies prisma/migrations/*/migration.sql at start-up without the Prisma CLI or schema engine, so a
// deployed publisher needs neither. Book-keeping uses Prisma's own `_prisma_migrations` table (same DDL,
// checksum = sha256 of the file) so `prisma migrate status|deploy|dev` agree with what we applied.
// Each migration runs in one transaction; a PostgreSQL advisory lock (Prisma's key) serialises
// concurrent publishers, and re-running is a no-op.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DatabaseError } from './database-error.js';

/** prisma/migrations of this package, valid from both src/ (tests) and dist/ (built). */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** The lock id Prisma's schema engine uses for migrations (pg_advisory_lock(72707369)). */
const MIGRATION_LOCK_ID = 72707369;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  readonly modified: readonly string[];
}

export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const out: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    out.push({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Apply every pending migration of `dir` to the database at `databaseUrl`. */
export async function applyMigrations(
  databaseUrl: string,
  opts: { readonly migrationsDir?: string } = {},
): Promise<MigrateResult> {
  const migrations = await readMigrations(opts.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (cause) {
    throw new DatabaseError('ERR_DATABASE_CONNECT', `cannot connect to the database: ${String(cause)}`, {
      cause,
    });
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
      if (failed.length > 0) {
        throw new DatabaseError(
          'ERR_MIGRATION_STATE',
          `failed migrations in the target database: ${failed.map((r) => r.migration_name).join(', ')} ` +
            '(resolve with `prisma migrate resolve` before starting)',
        );
      }
      const done = new Map(
        rows
          .filter((r) => r.finished_at !== null && r.rolled_back_at === null)
          .map((r) => [r.migration_name, r]),
      );
      const applied: string[] = [];
      const alreadyApplied: string[] = [];
      const modified: string[] = [];
      for (const m of migrations) {
        const prior = done.get(m.name);
        if (prior) {
          alreadyApplied.push(m.name);
          if (prior.checksum !== m.checksum) modified.push(m.name);
          continue;
        }
        await applyOne(client, m);
        applied.push(m.name);
      }
      return { applied, alreadyApplied, modified };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: MigrationFile): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
      [id, m.checksum, m.name],
    );
    // Simple-query protocol: the whole multi-statement script in one round trip.
    await client.query(m.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new DatabaseError('ERR_MIGRATION_FAILED', `migration ${m.name} failed: ${String(cause)}`, {
      cause,
    });
  }
}
