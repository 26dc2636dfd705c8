// The publisher's databases for one benchmark run: fresh databases on the PostgreSQL server when one answers
// (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres), otherwise one embedded PostgreSQL
// (the publisher's own, started here so every process, the benchmark included, reaches it by URL). Everything
// created is dropped or stopped by dispose().
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createServerDatabase,
  findDatabaseServer,
  withClient,
  withDatabase,
  type ServerDatabase,
} from '@waldur-sim/harness';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '@waldur-sim/publisher';
import { BenchError } from '../bench-error.js';

export class DatabaseServer {
  private readonly created: ServerDatabase[] = [];

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
    let server: string | undefined;
    try {
      server = await findDatabaseServer(configured);
    } catch (error) {
      throw new BenchError('DATABASE', `BENCH_DATABASE_URL=${configured ?? ''} does not answer`, {
        cause: error,
      });
    }
    if (server !== undefined)
      return new DatabaseServer(withDatabase(server, 'postgres'), 'server', undefined, undefined);
    const dataDir = join(workDir, 'pg');
    await rm(dataDir, { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres({ dataDir, database: 'postgres' });
    return new DatabaseServer(withDatabase(embedded.url, 'postgres'), 'embedded', embedded, dataDir);
  }

  /** A fresh empty database; returns its URL. */
  async createDatabase(label: string): Promise<string> {
    const db = await createServerDatabase(this.adminUrl, `bench_${label}`);
    this.created.push(db);
    return db.url;
  }

  async version(): Promise<string> {
    return withClient(this.adminUrl, async (c) => {
      const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return rows[0]?.v ?? 'unknown';
    });
  }

  async dispose(): Promise<void> {
    for (const db of this.created.splice(0)) await db.drop().catch(() => undefined);
    if (this.embedded !== undefined) await this.embedded.stop().catch(() => undefined);
    if (this.embeddedDir !== undefined) await rm(this.embeddedDir, { recursive: true, force: true });
  }
}
