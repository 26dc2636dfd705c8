// Everything one fault suite runs: a private broker node, the publisher's database and `serve` process (its
// AMQP link through a proxy), slurm-mock behind command-log shims, and the agent (its Web-STOMP link through a
// proxy). Each part can be crashed and restarted on its own; teardown always runs to the end.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Teardown } from '@waldur-sim/harness';
import type { OpenedDatabase } from '@waldur-sim/publisher';
import { createManagementClient, type BrokerEndpoints, type ManagementClient } from '@waldur-sim/testkit';
import { AgentProcess, offeringEntry } from './agent-process.js';
import { freePort } from './free-port.js';
import { DATA_ROOT, partPaths } from './paths.js';
import { PrivateBroker } from './private-broker.js';
import { PublisherProcess } from './publisher-process.js';
import { SlurmCluster } from './slurm-cluster.js';
import { TcpProxy } from './tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { WaldurRest } from './waldur-rest.js';
import { openWorldDatabase, seedWorld, type World } from './world.js';

export interface FaultStackOptions {
  readonly name: string;
  /** Extra users whose project roles the streams toggle. */
  readonly members?: number;
  /** Agent environment overrides (e.g. WALDUR_SITE_AGENT_RECONCILIATION_PERIOD_MINUTES). */
  readonly agentEnv?: NodeJS.ProcessEnv;
  /** Agent offering overrides. */
  readonly agentOverrides?: Readonly<Record<string, unknown>>;
  /** Use this broker instead of a private node (cases that never kill the broker). */
  readonly sharedBroker?: BrokerEndpoints;
  /** Agent log level (DEBUG logs every SLURM argv). */
  readonly agentLogLevel?: string;
  /** Start the agent (default true); otherwise call `agent.start()` later. */
  readonly startAgent?: boolean;
  /** An embedded PostgreSQL of the stack's own, so a case may restart it (`database.restart`). */
  readonly ownPostgres?: boolean;
}

/** Short delays so crashes and cuts recover within a test; heart-beats stay at the agent's 10 s. */
export const FAST_AGENT_SETTINGS = {
  stomp_retry_delay_seconds: 0.2,
  stomp_reconnect_initial_delay_seconds: 0.5,
  stomp_reconnect_max_delay_seconds: 4,
  stomp_connection_timeout_seconds: 10,
  stomp_max_delivery_attempts: 5,
} as const;

export class FaultStack {
  private readonly teardown = new Teardown();
  private node: PrivateBroker | undefined;
  endpoints!: BrokerEndpoints;
  database!: TestDatabase;
  db!: OpenedDatabase;
  world!: World;
  slurm!: SlurmCluster;
  publisher!: PublisherProcess;
  agent!: AgentProcess;
  /** Agent <-> Web-STOMP. */
  stompProxy!: TcpProxy;
  /** Publisher outbox relay <-> AMQP. */
  amqpProxy!: TcpProxy;
  management!: ManagementClient;

  private constructor(
    readonly name: string,
    readonly workDir: string,
  ) {}

  static async start(options: FaultStackOptions): Promise<FaultStack> {
    const workDir = join(DATA_ROOT, 'faults', options.name);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    const stack = new FaultStack(options.name, workDir);
    try {
      await stack.boot(options);
    } catch (error) {
      await stack.stop().catch(() => undefined);
      throw error;
    }
    return stack;
  }

  private onTeardown(what: string, run: () => Promise<unknown>): void {
    this.teardown.add(what, run);
  }

  private async boot(options: FaultStackOptions): Promise<void> {
    const paths = partPaths();
    if (options.sharedBroker === undefined) {
      const node = await PrivateBroker.start({
        dataDir: join(this.workDir, 'broker'),
        name: `rel${options.name.replace(/[^a-z0-9]/g, '')}`,
      });
      this.node = node;
      this.onTeardown('broker', () => node.stop());
      this.endpoints = node.endpoints;
    } else {
      this.endpoints = options.sharedBroker;
    }
    const endpoints = this.endpoints;
    this.management = createManagementClient(endpoints);

    this.stompProxy = await TcpProxy.start(
      new URL(endpoints.webStompUrl).port === '' ? 15674 : Number(new URL(endpoints.webStompUrl).port),
    );
    this.onTeardown('stomp proxy', () => this.stompProxy.close());
    const amqp = new URL(endpoints.amqpUrl);
    this.amqpProxy = await TcpProxy.start(Number(amqp.port));
    this.onTeardown('amqp proxy', () => this.amqpProxy.close());

    this.database = await createTestDatabase(join(this.workDir, 'pg'), process.env, {
      embedded: options.ownPostgres === true,
    });
    // RELIABILITY_KEEP_DATA=1 keeps the database for a post-mortem (its URL is in the publisher log).
    if (process.env.RELIABILITY_KEEP_DATA !== '1') this.onTeardown('database', () => this.database.dispose());
    this.db = await openWorldDatabase(this.database.url);
    this.onTeardown('prisma', () => this.db.close());

    this.slurm = await SlurmCluster.create(join(this.workDir, 'slurm'), paths.slurmBinDir);
    this.onTeardown('slurm-mock server', await this.slurm.serveInProcess());

    const port = await freePort();
    this.world = await seedWorld(this.db, {
      publicUrl: `http://127.0.0.1:${port}`,
      webStompUrl: endpoints.webStompUrl,
      slurmBinPath: this.slurm.shimDir,
      members: options.members ?? 0,
    });

    this.publisher = this.publisherOn(port, this.amqpProxy, 'publisher');
    await this.publisher.start();

    const offering = this.agentOffering({ ...FAST_AGENT_SETTINGS, ...options.agentOverrides });
    this.agent = new AgentProcess({
      cli: paths.agentCli,
      label: 'agent',
      workDir: this.workDir,
      offerings: [offering],
      env: { ...this.slurm.env, WALDUR_SITE_AGENT_TICK_SECONDS: '1', ...options.agentEnv },
      ...(options.agentLogLevel === undefined ? {} : { logLevel: options.agentLogLevel }),
    });
    this.onTeardown('agent', () => this.agent.stop());
    if (options.startAgent !== false) await this.agent.start();
  }

  /** The seeded offering entry for an agent config, on the Web-STOMP proxy unless `overrides` say otherwise. */
  agentOffering(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
    return offeringEntry(this.world.agentOffering, {
      websocket_use_tls: false,
      stomp_ws_host: '127.0.0.1',
      stomp_ws_port: this.stompProxy.port,
      stomp_ws_path: '/ws',
      ...overrides,
    });
  }

  /** Another agent process on this stack (its own label and config); stopped at teardown. */
  extraAgent(label: string, overrides: Readonly<Record<string, unknown>>): AgentProcess {
    const agent = new AgentProcess({
      cli: partPaths().agentCli,
      label,
      workDir: this.workDir,
      offerings: [this.agentOffering({ ...FAST_AGENT_SETTINGS, ...overrides })],
      env: { ...this.slurm.env, WALDUR_SITE_AGENT_TICK_SECONDS: '1' },
    });
    this.onTeardown(label, () => agent.stop());
    return agent;
  }

  /** A `waldur-publisher serve` on this stack's database whose relay publishes through `proxy`; stopped at teardown. */
  private publisherOn(port: number, proxy: TcpProxy, label: string): PublisherProcess {
    const amqp = new URL(this.endpoints.amqpUrl);
    amqp.port = String(proxy.port);
    const publisher = new PublisherProcess({
      cli: partPaths().publisherCli,
      port,
      databaseUrl: this.database.url,
      amqpUrl: amqp.toString().replace(/\/$/, ''),
      managementUrl: this.endpoints.managementUrl,
      webStompUrl: this.endpoints.webStompUrl,
      workDir: this.workDir,
      label,
    });
    this.onTeardown(label, () => publisher.stop());
    return publisher;
  }

  /**
   * A second publisher process on the same database (its relay competes for the outbox rows), with an AMQP proxy
   * of its own so a case can hold its relay's claimed rows in flight. Not started yet.
   */
  async extraPublisher(label: string): Promise<{ publisher: PublisherProcess; amqpProxy: TcpProxy }> {
    const amqpProxy = await TcpProxy.start(Number(new URL(this.endpoints.amqpUrl).port));
    this.onTeardown(`${label} amqp proxy`, () => amqpProxy.close());
    return { publisher: this.publisherOn(await freePort(), amqpProxy, label), amqpProxy };
  }

  /** The suite's own broker node (throws when the stack runs on a shared broker). */
  get broker(): PrivateBroker {
    if (this.node === undefined) throw new Error(`stack ${this.name} runs on a shared broker`);
    return this.node;
  }

  rest(token: string): WaldurRest {
    return new WaldurRest(this.publisher.apiUrl, token);
  }

  get consumer(): WaldurRest {
    return this.rest(this.world.consumerToken);
  }

  get staff(): WaldurRest {
    return this.rest(this.world.staffToken);
  }

  get owner(): WaldurRest {
    return this.rest(this.world.ownerToken);
  }

  async stop(): Promise<void> {
    await this.teardown.run();
  }
}
