// The publisher's databases for one benchmark run: fresh databases on the PostgreSQL server when one answers
// (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres), otherwise one embedded PostgreSQL
// (the publisher's own, started here so every process, the benchmark included, reaches it by URL). Everything
// created is dropped or stopped by dispose().
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '@waldur-sim/publisher';
import pg from 'pg';
import { BenchError } from '../bench-error.js';

export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

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

export class DatabaseServer {
  private readonly created: string[] = [];

  private constructor(
    /** Admin URL (database `postgres`). */
    readonly adminUrl: string,
    readonly kind: 'server' | 'embedded',
    private readonly embedded: RunningEmbeddedPostgres | undefined,
    private readonly embeddedDir: string | undefined,
  ) {}

  /** Server if it answers, else an embedded PostgreSQL in `workDir/pg`. */
  static async provide(workDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DatabaseServer> {
    const configured = env.BENCH_DATABASE_URL;
    const url = configured === undefined || configured === '' ? DEFAULT_SERVER_URL : configured;
    try {
      await withClient(withDatabase(url, 'postgres'), (c) => c.query('SELECT 1'));
      return new DatabaseServer(withDatabase(url, 'postgres'), 'server', undefined, undefined);
    } catch (error) {
      if (configured !== undefined && configured !== '') {
        throw new BenchError('DATABASE', `BENCH_DATABASE_URL=${configured} does not answer`, {
          cause: error,
        });
      }
    }
    const dataDir = join(workDir, 'pg');
    await rm(dataDir, { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres' });
    return new DatabaseServer(withDatabase(embedded.url, 'postgres'), 'embedded', embedded, dataDir);
  }

  /** A fresh empty database; returns its URL. */
  async createDatabase(label: string): Promise<string> {
    const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
    await withClient(this.adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    this.created.push(name);
    return withDatabase(this.adminUrl, name);
  }

  async version(): Promise<string> {
    return withClient(this.adminUrl, async (c) => {
      const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return rows[0]?.v ?? 'unknown';
    });
  }

  async dispose(): Promise<void> {
    for (const name of this.created.splice(0)) {
      await withClient(this.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(
        () => undefined,
      );
    }
    if (this.embedded !== undefined) await this.embedded.stop().catch(() => undefined);
    if (this.embeddedDir !== undefined) await rm(this.embeddedDir, { recursive: true, force: true });
  }
}
