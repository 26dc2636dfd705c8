// The publisher's database for a run: a fresh database on a PostgreSQL server when one answers (fast, and
// several `seed` runs may share it), otherwise the publisher's own embedded PostgreSQL in a fresh data folder.
// E2E_DATABASE=server|embedded forces one; E2E_DATABASE_URL (or PUBLISHER_TEST_DATABASE_URL) names the server.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { HarnessError } from './harness-error.js';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface PublisherDatabase {
  readonly kind: 'server' | 'embedded';
  /** The publisher CLI flags that select it. */
  readonly args: readonly string[];
  readonly description: string;
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server URL to use, or undefined when none is configured/answering (or embedded is forced). */
export async function findDatabaseServer(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.E2E_DATABASE === 'embedded') return undefined;
  const configured = env.E2E_DATABASE_URL ?? env.PUBLISHER_TEST_DATABASE_URL;
  const url = configured === undefined || configured === '' ? DEFAULT_SERVER_URL : configured;
  try {
    await withClient(withDatabase(url, 'postgres'), (c) => c.query('SELECT 1'));
    return url;
  } catch (error) {
    if (env.E2E_DATABASE === 'server') {
      throw new HarnessError('DATABASE', `E2E_DATABASE=server, but ${url} does not answer`, { cause: error });
    }
    return undefined;
  }
}

/** A fresh, empty database on `serverUrl`; dispose() drops it. */
export async function createServerDatabase(
  serverUrl: string,
  namePrefix = 'e2e',
): Promise<PublisherDatabase> {
  const name = `${namePrefix}_${randomBytes(6).toString('hex')}`;
  const admin = withDatabase(serverUrl, 'postgres');
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  return {
    kind: 'server',
    args: ['--database-url', url],
    description: `database ${name} on ${new URL(serverUrl).host}`,
    async dispose() {
      await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The publisher's embedded PostgreSQL in `dataDir` (must not exist yet); dispose() removes the folder. */
export function embeddedDatabase(dataDir: string, keep = false): PublisherDatabase {
  return {
    kind: 'embedded',
    args: ['--data-dir', dataDir],
    description: `embedded PostgreSQL in ${dataDir}`,
    async dispose() {
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Server if one answers, else embedded in `embeddedDir`. */
export async function providePublisherDatabase(
  embeddedDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PublisherDatabase> {
  const server = await findDatabaseServer(env);
  return server === undefined ? embeddedDatabase(embeddedDir) : createServerDatabase(server);
}
