// The publisher's database for one suite: a fresh database on a PostgreSQL server when one answers (default
// postgres@127.0.0.1:5432, or RELIABILITY_DATABASE_URL), otherwise the publisher's own embedded PostgreSQL
// in a fresh folder. Either way the suite gets one URL that survives publisher crashes and restarts.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { startEmbeddedPostgres } from '@waldur-sim/publisher';
import { ReliabilityError } from './reliability-error.js';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  readonly description: string;
  dispose(): Promise<void>;
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
): Promise<TestDatabase> {
  const configured = env.RELIABILITY_DATABASE_URL ?? env.E2E_DATABASE_URL ?? env.PUBLISHER_TEST_DATABASE_URL;
  const server = configured === undefined || configured === '' ? DEFAULT_SERVER_URL : configured;
  if (await serverAnswers(server)) {
    const name = `reliability_${randomBytes(6).toString('hex')}`;
    const admin = withDatabase(server, 'postgres');
    await query(admin, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(server, name),
      description: `database ${name} on ${new URL(server).host}`,
      dispose: () => query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  try {
    await rm(embeddedDir, { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres({ dataDir: embeddedDir });
    return {
      url: embedded.url,
      description: `embedded PostgreSQL in ${embeddedDir}`,
      async dispose() {
        await embedded.stop();
        await rm(embeddedDir, { recursive: true, force: true });
      },
    };
  } catch (cause) {
    throw new ReliabilityError(
      'DATABASE',
      `no PostgreSQL server at ${server} and the embedded one failed to start`,
      { cause },
    );
  }
}
