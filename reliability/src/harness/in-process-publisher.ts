// The publisher embedded in the test process (its own `startServer`: fastify app, outbox relay, database), for
// tests that drive the REST API with `app.inject` or talk to it over HTTP, against a given broker.
import { loadConfig, startServer, type OpenedDatabase, type RunningPublisher } from '@waldur-sim/publisher';
import type { BrokerEndpoints } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { freePort } from './free-port.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { openWorldDatabase, seedWorld, type SeedWorldOptions, type World } from './world.js';

export interface InProcessPublisher {
  readonly app: RunningPublisher['app'];
  readonly url: string;
  readonly running: RunningPublisher;
  readonly db: OpenedDatabase;
  readonly database: TestDatabase;
  readonly worlds: ReadonlyMap<string, World>;
  world(prefix: string): World;
  close(): Promise<void>;
}

export interface InProcessPublisherOptions {
  readonly broker: BrokerEndpoints;
  /** Seed prefixes; each gets its own provider, offering, consumer and projects. */
  readonly worlds: readonly string[];
  readonly embeddedDir: string;
  readonly slurmBinPath?: string;
  readonly members?: number;
}

export async function startInProcessPublisher(
  options: InProcessPublisherOptions,
): Promise<InProcessPublisher> {
  const database = await createTestDatabase(options.embeddedDir);
  const db = await openWorldDatabase(database.url);
  try {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const worlds = new Map<string, World>();
    for (const prefix of options.worlds) {
      const seed: SeedWorldOptions = {
        publicUrl,
        webStompUrl: options.broker.webStompUrl,
        slurmBinPath: options.slurmBinPath ?? '/usr/bin',
        prefix,
        ...(options.members === undefined ? {} : { members: options.members }),
      };
      worlds.set(prefix, await seedWorld(db, seed));
    }
    const config = loadConfig(
      {
        port,
        host: '127.0.0.1',
        publicUrl,
        databaseUrl: database.url,
        rabbitmqUrl: options.broker.amqpUrl,
        rabbitmqManagementUrl: options.broker.managementUrl,
        rabbitmqWebStompUrl: options.broker.webStompUrl,
        logLevel: 'silent',
      },
      {},
    );
    const running = await startServer(config, pino({ level: 'silent' }));
    return {
      app: running.app,
      url: running.url,
      running,
      db,
      database,
      worlds,
      world(prefix) {
        const w = worlds.get(prefix);
        if (w === undefined) throw new Error(`no world ${prefix}`);
        return w;
      },
      async close() {
        await running.close();
        await db.close();
        await database.dispose();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    await database.dispose().catch(() => undefined);
    throw error;
  }
}
