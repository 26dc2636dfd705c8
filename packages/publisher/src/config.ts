// Publisher configuration from CLI flags, then environment, then defaults (one place, validated by zod).
// The broker admin credentials live in RABBITMQ_URL; RABBITMQ_MANAGEMENT_URL may omit them. There is no
// default password: without RABBITMQ_URL the URL has no credentials, and `serve` refuses it (requireBroker).
import { z } from 'zod';
import { DEFAULT_DATA_DIR } from './db/default-data-dir.js';
import { DEFAULT_DB_POOL_SIZE } from './http/provisioning-gate.js';
import { DEFAULT_LIMITS, LIMIT_SETTINGS, type PublisherLimits } from './limits.js';
import { DEFAULT_PERIODIC_SETTINGS, type PeriodicSettings } from './periodic/periodic-producers.js';

export interface PublisherConfig {
  readonly host: string;
  readonly port: number;
  /** Absolute base for `url` fields in REST responses. */
  readonly publicUrl: string;
  /** undefined = embedded PostgreSQL in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Pooled database connections of the REST API (provisioning may use half; docs/guarantees.md#overload). */
  readonly dbPoolSize: number;
  readonly rabbitmqUrl: string;
  readonly rabbitmqManagementUrl: string;
  readonly rabbitmqWebStompUrl: string;
  readonly logLevel: string;
  /** Quotas and broker limits (limits.ts). */
  readonly limits: PublisherLimits;
  /** Prometheus metrics at /metrics (docs/metrics.md#publisher); PUBLISHER_METRICS=0 turns them off. */
  readonly metrics: boolean;
  /** Dashboard: an agent without queue consumer and heartbeat for this long is down (default 300). */
  readonly dashboardStaleSeconds: number | undefined;
  /** Waldur's periodic producers (periodic/periodic-producers.ts); off for tests that count messages. */
  readonly periodic: { readonly enabled: boolean } & PeriodicSettings;
}

export interface ConfigFlags {
  readonly host?: string | undefined;
  readonly port?: string | number | undefined;
  readonly publicUrl?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly dbPoolSize?: string | number | undefined;
  readonly rabbitmqUrl?: string | undefined;
  readonly rabbitmqManagementUrl?: string | undefined;
  readonly rabbitmqWebStompUrl?: string | undefined;
  readonly logLevel?: string | undefined;
  readonly metrics?: boolean | undefined;
  readonly limits?: Partial<Record<keyof PublisherLimits, string | number | undefined>>;
  /** --no-periodic */
  readonly noPeriodic?: boolean | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'ERR_CONFIG' as const;
}

const urlWith = (protocols: readonly string[]) =>
  z.url().refine((u) => protocols.includes(new URL(u).protocol), {
    error: `must be a ${protocols.join('/')} URL`,
  });

const schema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  publicUrl: urlWith(['http:', 'https:']).optional(),
  databaseUrl: urlWith(['postgres:', 'postgresql:']).optional(),
  dataDir: z.string().min(1),
  dbPoolSize: z.coerce.number().int().min(2).max(1000),
  rabbitmqUrl: urlWith(['amqp:', 'amqps:']),
  rabbitmqManagementUrl: urlWith(['http:', 'https:']).optional(),
  rabbitmqWebStompUrl: urlWith(['ws:', 'wss:']).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  dashboardStaleSeconds: z.coerce.number().int().min(1).optional(),
  metrics: z.union([
    z.boolean(),
    z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true'),
  ]),
  // REST quotas count up from 0; broker limits take RabbitMQ's -1 for "no limit".
  limits: z.object({
    subscriptionsPerUser: z.coerce.number().int().min(1),
    queuesPerSubscription: z.coerce.number().int().min(1),
    vhostMaxQueues: z.coerce.number().int().min(-1),
    vhostMaxConnections: z.coerce.number().int().min(-1),
    userMaxConnections: z.coerce.number().int().min(-1),
    userMaxChannels: z.coerce.number().int().min(-1),
    queueMaxLength: z.coerce.number().int().min(-1),
    queueMaxLengthBytes: z.coerce.number().int().min(-1),
  }),
  periodic: z.object({
    enabled: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
    pendingOrderResendSeconds: z.coerce.number().positive(),
    pendingOrderMinAgeSeconds: z.coerce.number().min(0),
    resourceResyncSeconds: z.coerce.number().positive(),
    resourceStaleSeconds: z.coerce.number().min(0),
    periodicLimitsSyncSeconds: z.coerce.number().positive(),
  }),
});

/** Host and port only: `seed` and `migrate` need no broker, `serve` needs the admin's credentials. */
export const DEFAULT_RABBITMQ_URL = 'amqp://127.0.0.1:5672';

export const NO_BROKER_CREDENTIALS = `the broker's admin credentials are missing: set RABBITMQ_URL (or --rabbitmq-url) to amqp://USER:PASS@HOST:PORT.
For the private local node: \`pnpm broker:start\`, then \`eval "$(infra/scripts/local-broker.sh env)"\` (waldur-sim-broker env; see infra/README.md).`;

/** `serve` talks to the broker: its URL must carry credentials (amqplib would fall back to guest/guest). */
export function requireBrokerCredentials(config: PublisherConfig): void {
  if (new URL(config.rabbitmqUrl).username === '') throw new ConfigError(NO_BROKER_CREDENTIALS);
}
const seconds = (ms: number): number => ms / 1000;

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

/** Management URL with the AMQP URL's credentials when it carries none. */
function managementUrlFor(rabbitmqUrl: string, explicit: string | undefined): string {
  const amqp = new URL(rabbitmqUrl);
  const m = new URL(explicit ?? `http://${amqp.hostname}:15672`);
  if (m.username === '') {
    m.username = amqp.username;
    m.password = amqp.password;
  }
  return m.toString().replace(/\/$/, '');
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): PublisherConfig {
  const raw = {
    host: flags.host ?? nonEmpty(env.HOST) ?? '127.0.0.1',
    port: flags.port ?? nonEmpty(env.PORT) ?? 8000,
    publicUrl: flags.publicUrl ?? nonEmpty(env.PUBLIC_URL),
    databaseUrl: flags.databaseUrl ?? nonEmpty(env.DATABASE_URL),
    dataDir: flags.dataDir ?? nonEmpty(env.PUBLISHER_DATA_DIR) ?? DEFAULT_DATA_DIR,
    dbPoolSize: flags.dbPoolSize ?? nonEmpty(env.DATABASE_POOL_SIZE) ?? DEFAULT_DB_POOL_SIZE,
    rabbitmqUrl: flags.rabbitmqUrl ?? nonEmpty(env.RABBITMQ_URL) ?? DEFAULT_RABBITMQ_URL,
    rabbitmqManagementUrl: flags.rabbitmqManagementUrl ?? nonEmpty(env.RABBITMQ_MANAGEMENT_URL),
    rabbitmqWebStompUrl: flags.rabbitmqWebStompUrl ?? nonEmpty(env.RABBITMQ_WEB_STOMP_URL),
    logLevel: flags.logLevel ?? nonEmpty(env.LOG_LEVEL) ?? 'info',
    metrics: flags.metrics ?? nonEmpty(env.PUBLISHER_METRICS) ?? true,
    dashboardStaleSeconds: nonEmpty(env.DASHBOARD_STALE_SECONDS),
    limits: Object.fromEntries(
      LIMIT_SETTINGS.map(({ key, env: name }) => [
        key,
        flags.limits?.[key] ?? nonEmpty(env[name]) ?? DEFAULT_LIMITS[key],
      ]),
    ),
    periodic: {
      enabled: flags.noPeriodic === true ? 'false' : (nonEmpty(env.PERIODIC_TASKS)?.toLowerCase() ?? 'true'),
      pendingOrderResendSeconds:
        nonEmpty(env.PENDING_ORDER_RESEND_SECONDS) ?? seconds(DEFAULT_PERIODIC_SETTINGS.pendingOrderResendMs),
      pendingOrderMinAgeSeconds:
        nonEmpty(env.PENDING_ORDER_MIN_AGE_SECONDS) ??
        seconds(DEFAULT_PERIODIC_SETTINGS.pendingOrderMinAgeMs),
      resourceResyncSeconds:
        nonEmpty(env.RESOURCE_RESYNC_SECONDS) ?? seconds(DEFAULT_PERIODIC_SETTINGS.resourceResyncMs),
      resourceStaleSeconds:
        nonEmpty(env.RESOURCE_STALE_SECONDS) ?? seconds(DEFAULT_PERIODIC_SETTINGS.resourceStaleMs),
      periodicLimitsSyncSeconds:
        nonEmpty(env.PERIODIC_LIMITS_SYNC_SECONDS) ?? seconds(DEFAULT_PERIODIC_SETTINGS.periodicLimitsSyncMs),
    },
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${msg}`);
  }
  const c = parsed.data;
  const amqpHost = new URL(c.rabbitmqUrl).hostname;
  const publicHost = c.host === '0.0.0.0' || c.host === '::' ? '127.0.0.1' : c.host;
  return {
    host: c.host,
    port: c.port,
    publicUrl: (
      c.publicUrl ?? `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${c.port}`
    ).replace(/\/$/, ''),
    databaseUrl: c.databaseUrl,
    dataDir: c.dataDir,
    dbPoolSize: c.dbPoolSize,
    rabbitmqUrl: c.rabbitmqUrl,
    rabbitmqManagementUrl: managementUrlFor(c.rabbitmqUrl, c.rabbitmqManagementUrl),
    rabbitmqWebStompUrl: c.rabbitmqWebStompUrl ?? `ws://${amqpHost}:15674/ws`,
    logLevel: c.logLevel,
    limits: c.limits,
    metrics: c.metrics,
    dashboardStaleSeconds: c.dashboardStaleSeconds,
    periodic: {
      enabled: c.periodic.enabled,
      pendingOrderResendMs: c.periodic.pendingOrderResendSeconds * 1000,
      pendingOrderMinAgeMs: c.periodic.pendingOrderMinAgeSeconds * 1000,
      resourceResyncMs: c.periodic.resourceResyncSeconds * 1000,
      resourceStaleMs: c.periodic.resourceStaleSeconds * 1000,
      periodicLimitsSyncMs: c.periodic.periodicLimitsSyncSeconds * 1000,
    },
  };
}
