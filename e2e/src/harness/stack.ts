// Everything one scenario file needs, started and torn down together: a work folder, the publisher (its own
// database, seeded worlds), slurm-mock clusters, agents and event taps. Teardown runs in reverse order of
// start-up and always runs to the end, so a failing scenario leaves no process, database or subscription.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Teardown } from '@waldur-sim/harness';
import { brokerFromEnv, createManagementClient, type BrokerEndpoints } from '@waldur-sim/testkit';
import { offeringEntry, startAgent, type AgentHandle, type AgentMode } from './agent.js';
import { DEFAULT_TAP_TYPES, EventTap } from './event-tap.js';
import { formatLogLine } from './log-format.js';
import type { LogLine } from './managed-process.js';
import { DATA_ROOT, partPaths } from './paths.js';
import { embeddedDatabase, providePublisherDatabase } from './publisher-database.js';
import { startPublisher, type PublisherHandle, type SeededWorld } from './publisher.js';
import { RecordingProxy } from './recording-proxy.js';
import { SlurmMock } from './slurm-mock.js';
import type { WaldurClient } from './waldur-client.js';

export interface StackOptions {
  /** Names the work folder `.data/e2e/<name>` (wiped at start; logs stay there after the run). */
  readonly name: string;
  /** Seed prefixes of the worlds to create. */
  readonly worlds: readonly string[];
  /** Default: the broker the test-broker provider exported (RABBITMQ_* env). */
  readonly broker?: BrokerEndpoints;
  /** Print every process line, labelled (default: E2E_ECHO=1), or a custom sink. */
  readonly echo?: boolean | ((label: string, line: LogLine) => void);
  /** Default `.data/e2e/<name>`. */
  readonly workDir?: string;
  /** 'auto' (default): a PostgreSQL server if one answers, else embedded; 'embedded' forces the embedded one. */
  readonly database?: 'auto' | 'embedded';
  /** Publisher log level (default info). */
  readonly publisherLogLevel?: string;
  /** Added to the publisher's environment (e.g. PENDING_ORDER_RESEND_SECONDS); process.env stays untouched. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface AgentSpec {
  readonly label: string;
  readonly mode?: AgentMode;
  /** Seed prefixes whose offerings this agent serves. */
  readonly worlds: readonly string[];
  readonly slurm: SlurmMock;
  /** Merged into every offering entry (backend_settings key by key). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly env?: NodeJS.ProcessEnv;
  readonly waitReady?: boolean;
  /** More top-level config keys, e.g. `metrics_port`. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** Deletes each vhost and the broker users that only it had (the publisher's subscription users). */
async function removeBrokerObjects(broker: BrokerEndpoints, vhosts: readonly string[]): Promise<void> {
  const management = createManagementClient(broker);
  const present = new Set(await management.listVhosts());
  for (const vhost of vhosts) {
    if (!present.has(vhost)) continue;
    for (const user of await management.listVhostPermissions(vhost)) {
      if (user !== broker.adminUser) await management.deleteUser(user);
    }
    await management.deleteVhost(vhost);
  }
}

/** Which delivery path the scenarios' agents use: `legacy` (default) or `unified` (env E2E_EVENT_PATH). */
export function eventPath(): 'legacy' | 'unified' {
  return process.env.E2E_EVENT_PATH === 'unified' ? 'unified' : 'legacy';
}

export class Stack {
  readonly paths = partPaths();
  private readonly teardown = new Teardown();
  private publisherHandle: PublisherHandle | undefined;
  private proxy: RecordingProxy | undefined;
  /** Vhosts (user UUIDs) the publisher may provision for this stack's users. */
  private readonly vhosts: string[] = [];

  private constructor(
    readonly name: string,
    readonly workDir: string,
    readonly broker: BrokerEndpoints,
    readonly echo: ((label: string, line: LogLine) => void) | undefined,
  ) {}

  static async start(options: StackOptions): Promise<Stack> {
    const suffix = eventPath() === 'unified' ? '-unified' : '';
    const workDir = options.workDir ?? join(DATA_ROOT, 'e2e', `${options.name}${suffix}`);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    const echoOption = options.echo ?? process.env.E2E_ECHO === '1';
    const echo =
      typeof echoOption === 'function'
        ? echoOption
        : echoOption
          ? (label: string, line: LogLine): void => {
              process.stderr.write(`${formatLogLine(`${options.name}/${label}`, line, { width: 24 })}\n`);
            }
          : undefined;
    const stack = new Stack(options.name, workDir, options.broker ?? brokerFromEnv(), echo);
    try {
      const pgDir = join(workDir, 'pg');
      const database =
        options.database === 'embedded' ? embeddedDatabase(pgDir) : await providePublisherDatabase(pgDir);
      stack.onTeardown('database', () => database.dispose());
      // Runs after the publisher stopped: the vhosts and broker users it provisioned for this run's users.
      stack.onTeardown('broker objects', () => removeBrokerObjects(stack.broker, stack.vhosts));
      stack.publisherHandle = await startPublisher({
        broker: stack.broker,
        database,
        worlds: options.worlds,
        workDir,
        slurmBinDir: stack.paths.slurmBinDir,
        cli: stack.paths.publisherCli,
        ...(options.publisherLogLevel === undefined ? {} : { logLevel: options.publisherLogLevel }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(echo === undefined ? {} : { echo }),
      });
      const publisher = stack.publisherHandle;
      stack.onTeardown('publisher', () => publisher.stop());
      const proxy = await RecordingProxy.start(publisher.url);
      stack.proxy = proxy;
      stack.onTeardown('recording proxy', () => proxy.stop());
      for (const world of publisher.worlds.values()) {
        for (const token of [world.staffToken, world.ownerToken, world.consumerToken])
          stack.vhosts.push((await publisher.client(token).me()).uuid);
      }
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get publisher(): PublisherHandle {
    if (this.publisherHandle === undefined) throw new Error('publisher not started');
    return this.publisherHandle;
  }

  /** Every request the stack's agents made to the publisher (they reach it through a recording proxy). */
  get agentTraffic(): RecordingProxy {
    if (this.proxy === undefined) throw new Error('recording proxy not started');
    return this.proxy;
  }

  world(prefix: string): SeededWorld {
    return this.publisher.world(prefix);
  }

  consumer(prefix: string): WaldurClient {
    return this.publisher.client(this.world(prefix).consumerToken);
  }

  owner(prefix: string): WaldurClient {
    return this.publisher.client(this.world(prefix).ownerToken);
  }

  staff(prefix: string): WaldurClient {
    return this.publisher.client(this.world(prefix).staffToken);
  }

  onTeardown(what: string, run: () => Promise<unknown>): void {
    this.teardown.add(what, run);
  }

  /** A fresh slurm-mock cluster with its own state file. */
  async slurm(name = 'slurm', qos: readonly string[] = []): Promise<SlurmMock> {
    const mock = new SlurmMock(join(this.workDir, `${name}.json`), this.paths.slurmBinDir);
    await mock.reset();
    await mock.addQos(...qos);
    return mock;
  }

  async agent(spec: AgentSpec): Promise<AgentHandle> {
    const apiUrl = { waldur_api_url: `${this.agentTraffic.url}/api/` };
    // E2E_EVENT_PATH=unified runs the same scenarios with the agent on Waldur's unified consumer path.
    const path = eventPath() === 'unified' ? { stomp_unified_queue: true } : {};
    const offerings = spec.worlds.map((w) =>
      offeringEntry({ ...this.world(w).agentOffering, ...apiUrl }, { ...path, ...spec.overrides }),
    );
    const agent = await startAgent({
      label: spec.label,
      mode: spec.mode ?? 'event_process',
      offerings,
      slurm: spec.slurm,
      workDir: this.workDir,
      cli: this.paths.agentCli,
      ...(spec.env === undefined ? {} : { env: spec.env }),
      ...(spec.waitReady === undefined ? {} : { waitReady: spec.waitReady }),
      ...(spec.settings === undefined ? {} : { settings: spec.settings }),
      ...(this.echo === undefined ? {} : { echo: this.echo }),
    });
    this.onTeardown(spec.label, () => agent.stop());
    return agent;
  }

  /** An event tap on the given worlds' offerings, owned by the first world's staff user. */
  async tap(
    worlds: readonly string[],
    objectTypes: readonly string[] = DEFAULT_TAP_TYPES,
  ): Promise<EventTap> {
    const first = worlds[0];
    if (first === undefined) throw new Error('tap needs a world');
    const tap = await EventTap.start({
      client: this.staff(first),
      offeringUuids: worlds.map((w) => this.world(w).offeringUuid),
      objectTypes,
      webStompUrl: this.broker.webStompUrl,
    });
    this.onTeardown('tap', () => tap.stop());
    return tap;
  }

  /** Tears everything down in reverse order; reports (and rethrows) the first failure after trying all. */
  async stop(): Promise<void> {
    await this.teardown.run();
  }
}
