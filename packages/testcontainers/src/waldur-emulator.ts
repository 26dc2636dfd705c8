// A Waldur emulator in one `await`, for other people's tests: RabbitMQ (management, stomp, web_stomp),
// PostgreSQL and the publisher in containers on a network of their own, seeded with a world (staff, a service
// provider with a Marketplace.Slurm offering, a consumer with a project), optionally with our site agent on
// slurm-mock. Hands back host URLs, tokens and an agent configuration that works from the host.
import { randomBytes } from 'node:crypto';
import {
  CONTAINER_LABEL,
  CONTAINER_PLUGINS,
  prepareTestcontainers,
  rabbitMqImage,
  waitForBroker,
  type BrokerEndpoints,
} from '@waldur-sim/testkit';
import {
  GenericContainer,
  Network,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { stringify } from 'yaml';
import { EmulatorError } from './emulator-error.js';
import { agentConfigFor, parseSeedOutput, type AgentConfig, type SeededWorld } from './seed-output.js';

export const DEFAULT_POSTGRES_IMAGE = 'postgres:17';
export const DEFAULT_PUBLISHER_IMAGE = 'waldur-sim/publisher:local';
export const DEFAULT_AGENT_IMAGE = 'waldur-sim/agent:local';
const ADMIN_USER = 'waldur-sim-admin';
const STARTUP_TIMEOUT_MS = 300_000;

export interface WaldurEmulatorOptions {
  /** Default WALDUR_SIM_RABBITMQ_IMAGE, else rabbitmq:3.13-management. */
  readonly rabbitmqImage?: string;
  /** Default WALDUR_SIM_POSTGRES_IMAGE, else postgres:17. */
  readonly postgresImage?: string;
  /** Default waldur-sim/publisher:local (infra/docker/build-images.sh). */
  readonly publisherImage?: string;
  /** Start our site agent (with slurm-mock) too. Default false. */
  readonly withAgent?: boolean;
  readonly agentImage?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface StartedWaldurEmulator {
  /** REST API base from the host, e.g. http://localhost:32771/api/ */
  readonly apiUrl: string;
  /** The broker from the host, admin credentials (management API, AMQP, Web-STOMP). */
  readonly broker: BrokerEndpoints;
  readonly world: SeededWorld;
  /** Agent configuration for an agent on the host (REST and Web-STOMP through the mapped ports). */
  readonly agentConfig: AgentConfig;
  /** The same as YAML, ready to write to a file for `waldur-site-agent -c`. */
  readonly agentConfigYaml: string;
  /** Agent configuration for a container on `network` (publisher:8000, rabbitmq:15674). */
  readonly networkAgentConfig: AgentConfig;
  readonly network: StartedNetwork;
  readonly containers: Readonly<Record<'rabbitmq' | 'postgres' | 'publisher', StartedTestContainer>> & {
    readonly agent?: StartedTestContainer;
  };
  /** Stops every container and the network. */
  stop(): Promise<void>;
}

// Seed first (as Compose does: not while `serve` runs its relay), keeping the agent configuration (stdout),
// the log with the world's ids (stderr) and the tokens (`--tokens-file`, 0600) for readSeedOutput; an idempotent seed is retried on a loaded
// machine, where its transaction can time out. Then the container becomes the publisher.
const SEED_THEN_SERVE = [
  'for attempt in 1 2 3; do',
  '  node /app/dist/cli.js seed --format json --slurm-bin-path /app/slurm-mock/bin --tokens-file /tmp/tokens.json',
  '    >/tmp/agent-config.json 2>/tmp/seed.log && break;',
  '  [ "$attempt" = 3 ] && { cat /tmp/seed.log >&2; exit 1; };',
  'done;',
  'exec node /app/dist/cli.js serve',
].join(' ');

async function readSeedOutput(
  publisher: StartedTestContainer,
): Promise<{ stdout: string; stderr: string; tokens: string }> {
  const [config, log, tokens] = await Promise.all([
    publisher.exec(['cat', '/tmp/agent-config.json']),
    publisher.exec(['cat', '/tmp/seed.log']),
    publisher.exec(['cat', '/tmp/tokens.json']),
  ]);
  if (config.exitCode !== 0 || log.exitCode !== 0 || tokens.exitCode !== 0) {
    throw new EmulatorError('SEED_FAILED', `no seed output in the publisher container: ${config.stderr}`);
  }
  return { stdout: config.stdout, stderr: log.stdout, tokens: tokens.stdout };
}

function secret(): string {
  return randomBytes(18).toString('hex');
}

function image(explicit: string | undefined, envValue: string | undefined, fallback: string): string {
  if (explicit !== undefined) return explicit;
  return envValue === undefined || envValue === '' ? fallback : envValue;
}

export async function startWaldurEmulator(
  options: WaldurEmulatorOptions = {},
): Promise<StartedWaldurEmulator> {
  const env = options.env ?? process.env;
  await prepareTestcontainers(undefined, env);
  const started: { stop(): Promise<unknown> }[] = [];
  const stop = async (): Promise<void> => {
    for (const item of started.reverse()) await item.stop().catch(() => undefined);
    started.length = 0;
  };
  const label = { [CONTAINER_LABEL]: 'waldur-emulator' };
  try {
    const network = await new Network().start();
    started.push(network);
    const adminPassword = secret();
    const pgPassword = secret();

    const [rabbitmq, postgres] = await Promise.all([
      new GenericContainer(image(options.rabbitmqImage, undefined, rabbitMqImage(env)))
        .withNetwork(network)
        .withNetworkAliases('rabbitmq')
        .withEnvironment({ RABBITMQ_DEFAULT_USER: ADMIN_USER, RABBITMQ_DEFAULT_PASS: adminPassword })
        .withCopyContentToContainer([{ content: CONTAINER_PLUGINS, target: '/etc/rabbitmq/enabled_plugins' }])
        .withExposedPorts(5672, 15672, 15674, 61613)
        .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .withLabels(label)
        .start(),
      new GenericContainer(
        image(options.postgresImage, env.WALDUR_SIM_POSTGRES_IMAGE, DEFAULT_POSTGRES_IMAGE),
      )
        .withNetwork(network)
        .withNetworkAliases('postgres')
        .withEnvironment({
          POSTGRES_USER: 'postgres',
          POSTGRES_PASSWORD: pgPassword,
          POSTGRES_DB: 'waldur_sim',
        })
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 1))
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .withLabels(label)
        .start(),
    ]);
    started.push(rabbitmq, postgres);

    const host = rabbitmq.getHost();
    const broker: BrokerEndpoints = {
      source: 'testcontainers',
      amqpUrl: `amqp://${ADMIN_USER}:${adminPassword}@${host}:${rabbitmq.getMappedPort(5672)}`,
      managementUrl: `http://${host}:${rabbitmq.getMappedPort(15672)}`,
      webStompUrl: `ws://${host}:${rabbitmq.getMappedPort(15674)}/ws`,
      stompHost: host,
      stompPort: rabbitmq.getMappedPort(61613),
      adminUser: ADMIN_USER,
      adminPassword,
    };
    await waitForBroker(broker, { timeoutMs: 120_000 });

    const publisher = await new GenericContainer(
      image(options.publisherImage, env.WALDUR_SIM_PUBLISHER_IMAGE, DEFAULT_PUBLISHER_IMAGE),
    )
      .withNetwork(network)
      .withNetworkAliases('publisher')
      .withEnvironment({
        RABBITMQ_URL: `amqp://${ADMIN_USER}:${adminPassword}@rabbitmq:5672`,
        RABBITMQ_MANAGEMENT_URL: 'http://rabbitmq:15672',
        RABBITMQ_WEB_STOMP_URL: 'ws://rabbitmq:15674/ws',
        DATABASE_URL: `postgresql://postgres:${pgPassword}@postgres:5432/waldur_sim`,
        PUBLIC_URL: 'http://publisher:8000',
      })
      .withEntrypoint(['sh', '-c'])
      .withCommand([SEED_THEN_SERVE])
      .withExposedPorts(8000)
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .withLabels(label)
      .start();
    started.push(publisher);

    const seed = await readSeedOutput(publisher);
    const { world, agentConfig: networkAgentConfig } = parseSeedOutput(seed.stdout, seed.stderr, seed.tokens);
    const apiUrl = `http://${publisher.getHost()}:${publisher.getMappedPort(8000)}/api/`;
    const agentConfig = agentConfigFor(networkAgentConfig, {
      apiUrl,
      stompHost: host,
      stompPort: rabbitmq.getMappedPort(15674),
    });

    let agent: StartedTestContainer | undefined;
    if (options.withAgent === true) {
      agent = await new GenericContainer(
        image(options.agentImage, env.WALDUR_SIM_AGENT_IMAGE, DEFAULT_AGENT_IMAGE),
      )
        .withNetwork(network)
        .withCopyContentToContainer([
          { content: stringify(networkAgentConfig), target: '/config/agent.yaml' },
        ])
        .withWaitStrategy(Wait.forHealthCheck())
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .withLabels(label)
        .start();
      started.push(agent);
    }

    return {
      apiUrl,
      broker,
      world,
      agentConfig,
      agentConfigYaml: stringify(agentConfig),
      networkAgentConfig,
      network,
      containers: { rabbitmq, postgres, publisher, ...(agent === undefined ? {} : { agent }) },
      stop,
    };
  } catch (error) {
    await stop();
    if (error instanceof EmulatorError) throw error;
    throw new EmulatorError(
      'START_FAILED',
      `the Waldur emulator did not start: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
