// The publisher's database for one suite: a fresh database on a PostgreSQL server when one answers (default
// postgres@127.0.0.1:5432, or RELIABILITY_DATABASE_URL), otherwise the publisher's own embedded PostgreSQL
// in a fresh folder. Either way the suite gets one URL that survives publisher crashes and restarts. A suite
// that restarts PostgreSQL itself asks for the embedded server (a shared server is never restarted).
import { rm } from 'node:fs/promises';
import { createServerDatabase, findDatabaseServer } from '@waldur-sim/harness';
import { startEmbeddedPostgres } from '@waldur-sim/publisher';
import { ReliabilityError } from './reliability-error.js';

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

/** A fresh database (server if it answers, else embedded in `embeddedDir`); dispose() drops or removes it. */
export async function createTestDatabase(
  embeddedDir: string,
  env: NodeJS.ProcessEnv = process.env,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const configured = env.RELIABILITY_DATABASE_URL ?? env.E2E_DATABASE_URL ?? env.PUBLISHER_TEST_DATABASE_URL;
  const server = await findDatabaseServer(configured, options.embedded === true ? 'embedded' : 'auto').catch(
    () => undefined,
  );
  if (server !== undefined) {
    const db = await createServerDatabase(server, 'reliability');
    return { url: db.url, description: db.description, restart: undefined, dispose: db.drop };
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
        : 'no PostgreSQL server answers and the embedded one failed to start',
      { cause },
    );
  }
}
