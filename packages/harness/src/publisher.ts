// Runs the real `waldur-publisher` executable: `seed --tokens-file` once per world (prefix) to get tokens, ids and
// a ready agent config, then `serve` on a free port. Seeding happens before serving so the embedded database
// (one server per data folder) works the same way as a database on a PostgreSQL server.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrokerEndpoints } from '@waldur-sim/testkit';
import { freePort } from './free-port.js';
import { HarnessError } from './harness-error.js';
import { childEnv, ManagedProcess, type LogLine } from './managed-process.js';
import type { PublisherDatabase } from './postgres.js';
import { WaldurRestClient } from './waldur-rest-client.js';

/** One seeded world: staff, provider (owner + Marketplace.Slurm offering), consumer (customer, project, user). */
export interface SeededWorld {
  readonly prefix: string;
  readonly offeringUuid: string;
  readonly offeringName: string;
  readonly projectUuid: string;
  readonly staffToken: string;
  readonly ownerToken: string;
  readonly consumerToken: string;
  /** `offerings[0]` of the agent config `seed` printed (waldur_api_url, token, STOMP settings, backend…). */
  readonly agentOffering: Readonly<Record<string, unknown>>;
  /** The whole agent config `seed` printed. */
  readonly agentConfig: { readonly offerings: readonly Readonly<Record<string, unknown>>[] };
}

export type PublisherBroker = Pick<BrokerEndpoints, 'amqpUrl' | 'managementUrl' | 'webStompUrl'>;

export interface ServeOptions {
  /** The publisher's relay publishes to `amqpUrl` (a fault proxy in some reliability cases). */
  readonly broker: PublisherBroker;
  readonly database: PublisherDatabase;
  /** Folder for log files. */
  readonly workDir: string;
  readonly cli: string;
  readonly label?: string;
  readonly logLevel?: string;
  readonly echo?: (label: string, line: LogLine) => void;
  /** Extra node flags for `serve` (e.g. --watch-path for `pnpm dev`). */
  readonly nodeArgs?: readonly string[];
  readonly startTimeoutMs?: number;
  /** 'file' for benchmarks (see ManagedProcess). */
  readonly capture?: 'lines' | 'file';
  /** Added to `serve`'s environment (e.g. the periodic producers' periods); the test's own env stays as it is. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface StartPublisherOptions extends ServeOptions {
  /** Seed prefixes; '' is the unprefixed demo world. */
  readonly worlds: readonly string[];
  readonly slurmBinDir: string;
  readonly port?: number;
}

export function brokerArgs(broker: PublisherBroker): string[] {
  return [
    '--rabbitmq-url',
    broker.amqpUrl,
    '--rabbitmq-management-url',
    broker.managementUrl,
    '--rabbitmq-web-stomp-url',
    broker.webStompUrl,
  ];
}

interface SeedLog {
  readonly msg?: unknown;
  readonly offering?: unknown;
  readonly project?: unknown;
}

/** What `seed --tokens-file` writes (tokens are never in its log). */
interface SeedTokens {
  readonly staff?: unknown;
  readonly consumer?: unknown;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new HarnessError('SEED_FAILED', `seed output has no ${what}`);
  return value;
}

async function runSeed(
  options: StartPublisherOptions,
  prefix: string,
  publicUrl: string,
): Promise<SeededWorld> {
  const label = `seed${prefix === '' ? '' : `:${prefix}`}`;
  const tokensFile = join(options.workDir, `${label.replace(':', '-')}.tokens.json`);
  const args = [
    options.cli,
    'seed',
    '--format',
    'json',
    '--public-url',
    publicUrl,
    '--slurm-bin-path',
    options.slurmBinDir,
    ...(prefix === '' ? [] : ['--prefix', prefix]),
    '--tokens-file',
    tokensFile,
    ...options.database.args,
    ...brokerArgs(options.broker),
  ];
  const seed = ManagedProcess.spawn({
    label,
    command: process.execPath,
    args,
    env: childEnv({ LOG_LEVEL: 'info' }),
    logFile: join(options.workDir, `${label.replace(':', '-')}.log`),
    // stdout is the agent config (parsed below); only the log records are worth showing.
    ...(options.echo === undefined
      ? {}
      : { echo: (l: string, line: LogLine) => line.stream === 'stderr' && options.echo?.(l, line) }),
  });
  const status = await seed.exited;
  if (status.code !== 0) {
    throw new HarnessError(
      'SEED_FAILED',
      `waldur-publisher seed (prefix "${prefix}") exited with ${status.code ?? status.signal ?? '?'}:\n${seed.tail()}`,
    );
  }
  const stdout = seed.lines
    .filter((l) => l.stream === 'stdout')
    .map((l) => l.text)
    .join('\n');
  const config = JSON.parse(stdout) as { offerings?: Record<string, unknown>[] };
  const agentOffering = config.offerings?.[0];
  if (config.offerings === undefined || agentOffering === undefined)
    throw new HarnessError('SEED_FAILED', 'seed printed no offering');
  const seeded = seed.lines.map((l) => l.json as SeedLog | undefined).find((j) => j?.msg === 'seeded');
  if (seeded === undefined)
    throw new HarnessError('SEED_FAILED', `seed logged no "seeded" record:\n${seed.tail()}`);
  const tokens = JSON.parse(await readFile(tokensFile, 'utf8')) as SeedTokens;
  return {
    prefix,
    offeringUuid: str(seeded.offering, 'offering'),
    offeringName: str(agentOffering.name, 'offering name'),
    projectUuid: str(seeded.project, 'project'),
    staffToken: str(tokens.staff, 'staff token'),
    consumerToken: str(tokens.consumer, 'consumer token'),
    ownerToken: str(agentOffering.waldur_api_token, 'owner token'),
    agentOffering,
    agentConfig: { offerings: config.offerings },
  };
}

/** A serving publisher and its worlds (`W`: what the suite seeded; the executable's seed by default). */
export class PublisherHandle<W = SeededWorld> {
  constructor(
    readonly url: string,
    readonly process: ManagedProcess,
    readonly worlds: ReadonlyMap<string, W>,
    readonly database: PublisherDatabase,
  ) {}

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  world(prefix: string): W {
    const world = this.worlds.get(prefix);
    if (world === undefined) throw new HarnessError('LAYOUT', `no seeded world "${prefix}"`);
    return world;
  }

  client(token: string): WaldurRestClient {
    return new WaldurRestClient(this.apiUrl, token);
  }

  /** Stops `serve` (SIGTERM; it closes the relay and the embedded database). The database stays. */
  async stop(): Promise<void> {
    await this.process.stop({ timeoutMs: 20_000 });
  }
}

/** Runs `seed` for each prefix; the agent configs and response URLs will point at `publicUrl`. */
export async function seedWorlds(
  options: StartPublisherOptions,
  publicUrl: string,
): Promise<Map<string, SeededWorld>> {
  const worlds = new Map<string, SeededWorld>();
  // The first seed migrates the empty database; on a server the others may then run side by side. The
  // embedded PostgreSQL is one server per data folder, so there they run one after the other.
  const [first, ...rest] = options.worlds;
  if (first !== undefined) worlds.set(first, await runSeed(options, first, publicUrl));
  if (options.database.kind === 'server') {
    const seeded = await Promise.all(rest.map((prefix) => runSeed(options, prefix, publicUrl)));
    for (const world of seeded) worlds.set(world.prefix, world);
  } else {
    for (const prefix of rest) worlds.set(prefix, await runSeed(options, prefix, publicUrl));
  }
  return worlds;
}

/** Spawns `serve` on `port` and waits until it listens (the process is stopped if it does not). */
export async function spawnServe(options: ServeOptions, port: number): Promise<ManagedProcess> {
  const label = options.label ?? 'publisher';
  const serve = ManagedProcess.spawn({
    label,
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      options.cli,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...options.database.args,
      ...brokerArgs(options.broker),
      '--log-level',
      options.logLevel ?? 'info',
    ],
    env: childEnv(options.env),
    logFile: join(options.workDir, `${label}.log`),
    ...(options.capture === undefined ? {} : { capture: options.capture }),
    ...(options.echo === undefined ? {} : { echo: options.echo }),
  });
  try {
    await serve.waitForLine(
      (l) => l.json?.msg === 'waldur-publisher listening',
      options.startTimeoutMs ?? 60_000,
      '"waldur-publisher listening"',
    );
  } catch (error) {
    await serve.stop();
    throw new HarnessError(
      'START_FAILED',
      `waldur-publisher serve did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return serve;
}

/** Seeds the worlds, then serves on a free (or the given) port. */
export async function startPublisher(options: StartPublisherOptions): Promise<PublisherHandle> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const worlds = await seedWorlds(options, url);
  const serve = await spawnServe(options, port);
  return new PublisherHandle(url, serve, worlds, options.database);
}
