// `waldur-publisher serve`: open (embedded or given) PostgreSQL and migrate, build the services and the
// fastify app, listen, start the outbox relay; stop everything in reverse order on close().
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { PublisherConfig } from './config.js';
import { openDatabase, type OpenedDatabase } from './db/open-database.js';
import { ManagementApiProvisioner } from './broker/broker-provisioner.js';
import { OutboxRelay } from './events/outbox-relay.js';
import { buildApp } from './http/app.js';
import { provisioningConcurrencyFor } from './http/provisioning-gate.js';
import { PublisherMetrics } from './metrics/publisher-metrics.js';
import { PeriodicProducers } from './periodic/periodic-producers.js';
import { createServices, type PublisherServices } from './services.js';

export interface RunningPublisher {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly services: PublisherServices;
  readonly relay: OutboxRelay;
  readonly database: OpenedDatabase;
  close(): Promise<void>;
}

export async function startServer(
  config: PublisherConfig,
  log: Logger = pino({ level: config.logLevel }),
): Promise<RunningPublisher> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolSize,
    log,
  });
  let app: FastifyInstance | null = null;
  let relay: OutboxRelay | null = null;
  try {
    const metrics = config.metrics ? new PublisherMetrics({ prisma: database.prisma }) : undefined;
    const services = createServices({
      ...(metrics === undefined ? {} : { metrics }),
      prisma: database.prisma,
      publicBaseUrl: config.publicUrl,
      rabbitmqManagementUrl: config.rabbitmqManagementUrl,
      limits: config.limits,
      provisioning: { concurrency: provisioningConcurrencyFor(config.dbPoolSize) },
      log,
    });
    // The dashboard's queue figures come from a management client of its own (not counted as provisioning).
    const management = new ManagementApiProvisioner({ managementUrl: config.rabbitmqManagementUrl });
    app = await buildApp(services, {
      dashboard: {
        queueStats: (vhost, queue) => management.getQueue(vhost, queue),
        ...(config.dashboardStaleSeconds === undefined
          ? {}
          : { staleAfterSeconds: config.dashboardStaleSeconds }),
      },
    });
    const url = await app.listen({ host: config.host, port: config.port });
    relay = new OutboxRelay({
      databaseUrl: database.url,
      amqpUrl: config.rabbitmqUrl,
      log,
      ...(metrics === undefined ? {} : { observer: metrics.relay }),
    });
    await relay.start();
    const periodic = config.periodic.enabled
      ? new PeriodicProducers({ prisma: database.prisma, log, settings: config.periodic })
      : null;
    periodic?.start();
    log.info(
      { url, publicUrl: config.publicUrl, embeddedDatabase: database.embedded, periodic: periodic !== null },
      'waldur-publisher listening',
    );
    const startedApp = app;
    const startedRelay = relay;
    let closing: Promise<void> | null = null;
    return {
      url,
      app: startedApp,
      services,
      relay: startedRelay,
      database,
      close() {
        closing ??= (async () => {
          await periodic?.stop();
          await startedApp.close();
          await startedRelay.stop();
          await database.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await relay?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw e;
  }
}
