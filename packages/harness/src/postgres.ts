// PostgreSQL for a suite: is a server there (default postgres@127.0.0.1:5432), a fresh database on it that is
// dropped afterwards, or the publisher's embedded PostgreSQL selected by CLI flags (`--data-dir`). Starting an
// embedded server in-process is the publisher's own business; suites that need it call it themselves.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { HarnessError } from './harness-error.js';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function serverAnswers(url: string): Promise<boolean> {
  try {
    await withClient(withDatabase(url, 'postgres'), (c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The server to use: `configured` (an env value; it must answer) or the default server if it answers;
 * undefined when none answers or `mode` is 'embedded'. `mode` 'server' makes a silent default an error.
 */
export async function findDatabaseServer(
  configured: string | undefined,
  mode: 'auto' | 'server' | 'embedded' = 'auto',
): Promise<string | undefined> {
  if (mode === 'embedded') return undefined;
  const given = configured !== undefined && configured !== '';
  const url = given ? configured : DEFAULT_SERVER_URL;
  if (await serverAnswers(url)) return url;
  if (given || mode === 'server')
    throw new HarnessError('DATABASE', `the PostgreSQL server ${url} does not answer`);
  return undefined;
}

export interface ServerDatabase {
  readonly name: string;
  readonly url: string;
  readonly description: string;
  /** Drops the database (its connections are forced out). */
  readonly drop: () => Promise<void>;
}

/** A fresh, empty database `<prefix>_<random>` on `serverUrl`; drop() removes it (connections forced out). */
export async function createServerDatabase(serverUrl: string, prefix: string): Promise<ServerDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = withDatabase(serverUrl, 'postgres');
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: withDatabase(serverUrl, name),
    description: `database ${name} on ${new URL(serverUrl).host}`,
    drop: async () => {
      await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** The publisher's database as the publisher CLI selects it. */
export interface PublisherDatabase {
  readonly kind: 'server' | 'embedded';
  /** The publisher CLI flags that select it. */
  readonly args: readonly string[];
  readonly description: string;
  dispose(): Promise<void>;
}

/** A database the caller owns, given by URL; dispose() leaves it alone. */
export function publisherDatabaseAt(url: string, description = url): PublisherDatabase {
  return { kind: 'server', args: ['--database-url', url], description, dispose: () => Promise.resolve() };
}

/** A fresh database on `serverUrl`; dispose() drops it. */
export async function serverPublisherDatabase(serverUrl: string, prefix: string): Promise<PublisherDatabase> {
  const db = await createServerDatabase(serverUrl, prefix);
  return { ...publisherDatabaseAt(db.url, db.description), dispose: db.drop };
}

/** The publisher's embedded PostgreSQL in `dataDir` (must not exist yet); dispose() removes the folder. */
export function embeddedPublisherDatabase(dataDir: string, keep = false): PublisherDatabase {
  return {
    kind: 'embedded',
    args: ['--data-dir', dataDir],
    description: `embedded PostgreSQL in ${dataDir}`,
    async dispose() {
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
