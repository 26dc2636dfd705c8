// One entry point for "give me a migrated database": the given server (DATABASE_URL) or, with none, the
// embedded PostgreSQL. Both go through @prisma/adapter-pg; migrations are applied before returning.
import { PrismaPg } from '@prisma/adapter-pg';
import type { Logger } from 'pino';
import { PrismaClient } from '../generated/prisma/client.js';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './embedded-postgres.js';
import { applyMigrations, type MigrateResult } from './migrate.js';

import { DEFAULT_DATA_DIR } from './default-data-dir.js';

export { DEFAULT_DATA_DIR };

export interface OpenDatabaseOptions {
  /** postgresql://… of an existing server; omitted = embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
  /** Port for the embedded server (default: a free one). */
  readonly embeddedPort?: number | undefined;
  /** Skip applying migrations (tests of the migrator itself). */
  readonly migrate?: boolean;
  readonly migrationsDir?: string;
  readonly log?: Logger;
  /** pg pool size for the Prisma adapter. */
  readonly poolMax?: number;
}

export interface OpenedDatabase {
  readonly prisma: PrismaClient;
  readonly url: string;
  readonly embedded: boolean;
  readonly migrations: MigrateResult | null;
  close(): Promise<void>;
}

/** Longest wait for a pooled connection (or a new one) before a query fails. */
const POOL_CONNECT_TIMEOUT_MS = 15_000;

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  let embedded: RunningEmbeddedPostgres | null = null;
  let url = opts.databaseUrl;
  if (url === undefined || url === '') {
    embedded = await startEmbeddedPostgres({
      dataDir: opts.dataDir ?? DEFAULT_DATA_DIR,
      ...(opts.embeddedPort === undefined ? {} : { port: opts.embeddedPort }),
      ...(opts.log === undefined ? {} : { log: opts.log }),
    });
    url = embedded.url;
    opts.log?.info({ dataDir: embedded.dataDir, port: embedded.port }, 'embedded PostgreSQL started');
  }
  try {
    const migrations =
      opts.migrate === false
        ? null
        : await applyMigrations(
            url,
            opts.migrationsDir === undefined ? {} : { migrationsDir: opts.migrationsDir },
          );
    if (migrations && migrations.applied.length > 0)
      opts.log?.info({ applied: migrations.applied }, 'migrations applied');
    if (migrations && migrations.modified.length > 0) {
      opts.log?.warn(
        { modified: migrations.modified },
        'applied migrations were modified since they were applied',
      );
    }
    const adapter = new PrismaPg({
      connectionString: url,
      ...(opts.poolMax === undefined ? {} : { max: opts.poolMax }),
      // Without it a query waits for a pooled connection forever; with it, an exhausted pool is a transient
      // error the HTTP layer answers with 503 (docs/guarantees.md#overload).
      connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS,
    });
    const prisma = new PrismaClient({ adapter });
    const running = embedded;
    return {
      prisma,
      url,
      embedded: running !== null,
      migrations,
      async close() {
        await prisma.$disconnect();
        if (running) await running.stop();
      },
    };
  } catch (e) {
    if (embedded) await embedded.stop().catch(() => undefined);
    throw e;
  }
}
