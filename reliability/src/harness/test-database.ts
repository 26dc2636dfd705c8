// The publisher's database for one suite: a fresh database on a PostgreSQL server when one answers (default
// postgres@127.0.0.1:5432, or RELIABILITY_DATABASE_URL), otherwise the publisher's own embedded PostgreSQL
// in a fresh folder. Either way the suite gets one URL that survives publisher crashes and restarts. A suite
// that restarts PostgreSQL itself asks for the embedded server (a shared server is never restarted).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '@waldur-sim/publisher';
import { ReliabilityError } from './reliability-error.js';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  readonly description: string;
  /** Stops and starts the server on the same data folder and port (embedded only; undefined on a shared server). */
  readonly restart: (() => Promise<void>) | undefined;
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Always use an embedded server of the suite's own, which `restart()` may stop and start. */
  readonly embedded?: boolean;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function serverAnswers(url: string): Promise<boolean> {
  try {
    await query(withDatabase(url, 'postgres'), 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A fresh database (server if it answers, else embedded in `embeddedDir`); dispose() drops or removes it. */
export async function createTestDatabase(
  embeddedDir: string,
  env: NodeJS.ProcessEnv = process.env,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const configured = env.RELIABILITY_DATABASE_URL ?? env.E2E_DATABASE_URL ?? env.PUBLISHER_TEST_DATABASE_URL;
  const server = configured === undefined || configured === '' ? DEFAULT_SERVER_URL : configured;
  if (options.embedded !== true && (await serverAnswers(server))) {
    const name = `reliability_${randomBytes(6).toString('hex')}`;
    const admin = withDatabase(server, 'postgres');
    await query(admin, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(server, name),
      description: `database ${name} on ${new URL(server).host}`,
      restart: undefined,
      dispose: () => query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  try {
    await rm(embeddedDir, { recursive: true, force: true });
    let embedded = await startEmbeddedPostgres({ dataDir: embeddedDir });
    const port = embedded.port;
    return {
      url: embedded.url,
      description: `embedded PostgreSQL in ${embeddedDir}`,
      async restart() {
        await embedded.stop();
        embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, port });
      },
      async dispose() {
        await embedded.stop();
        await rm(embeddedDir, { recursive: true, force: true });
      },
    };
  } catch (cause) {
    throw new ReliabilityError(
      'DATABASE',
      options.embedded === true
        ? 'the embedded PostgreSQL failed to start'
        : `no PostgreSQL server at ${server} and the embedded one failed to start`,
      { cause },
    );
  }
}
