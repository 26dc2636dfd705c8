// The contract between the broker provider and everything that talks to RabbitMQ in tests: one plain,
// serialisable object, and the environment variables that carry it to workers and child processes.
import { TestkitError } from './testkit-error.js';

export type BrokerSource = 'env' | 'testcontainers' | 'local';

export interface BrokerEndpoints {
  /** Where the broker came from: RABBITMQ_URL, a testcontainers container, or the private local node. */
  readonly source: BrokerSource;
  /** `amqp://user:pass@host:port` (default vhost), with the admin credentials. */
  readonly amqpUrl: string;
  /** `http://host:port` of the management API (no trailing slash); same admin credentials. */
  readonly managementUrl: string;
  /** `ws://host:port/ws` of the Web-STOMP plugin. */
  readonly webStompUrl: string;
  /** STOMP over plain TCP. */
  readonly stompHost: string;
  readonly stompPort: number;
  readonly adminUser: string;
  readonly adminPassword: string;
}

/** The environment variable contract (what `waldur-sim-broker env` prints and global-setup sets). */
export const BROKER_ENV_VARS = {
  amqpUrl: 'RABBITMQ_URL',
  managementUrl: 'RABBITMQ_MANAGEMENT_URL',
  webStompUrl: 'RABBITMQ_WEB_STOMP_URL',
  stompHost: 'RABBITMQ_STOMP_HOST',
  stompPort: 'RABBITMQ_STOMP_PORT',
} as const;

// RabbitMQ's standard ports; a non-standard AMQP port shifts the others by the same offset
// (5682 -> 15682 / 15684 / 61623, which is exactly the private node's default layout).
const STANDARD = { amqp: 5672, amqps: 5671, management: 15672, webStomp: 15674, stomp: 61613 } as const;

function invalid(message: string, cause?: unknown): TestkitError {
  return new TestkitError('BROKER_ENV_INVALID', message, { cause });
}

function parseUrl(name: string, value: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw invalid(`${name} is not a URL: ${JSON.stringify(value)}`, error);
  }
  if (!protocols.includes(url.protocol)) {
    throw invalid(`${name} must use ${protocols.join(' or ')}, got ${JSON.stringify(value)}`);
  }
  if (url.hostname === '') throw invalid(`${name} has no host: ${JSON.stringify(value)}`);
  return url;
}

function parsePort(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw invalid(`${name} must be a TCP port, got ${JSON.stringify(value)}`);
  return port;
}

function shifted(standard: number, offset: number): number {
  const port = standard + offset;
  return port >= 1 && port <= 65535 ? port : standard;
}

/**
 * Reads the broker from RABBITMQ_URL (required) and the optional RABBITMQ_MANAGEMENT_URL,
 * RABBITMQ_WEB_STOMP_URL, RABBITMQ_STOMP_HOST and RABBITMQ_STOMP_PORT. Missing ones are derived from the
 * AMQP host and port. There is no default password: a URL without the admin's credentials is refused with
 * how to get them.
 */
export function brokerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  source: BrokerSource = 'env',
): BrokerEndpoints {
  const raw = env[BROKER_ENV_VARS.amqpUrl];
  if (raw === undefined || raw === '') {
    throw invalid(
      `${BROKER_ENV_VARS.amqpUrl} is not set (run tests through vitest's globalSetup, or export the output of \`waldur-sim-broker env\`)`,
    );
  }
  const amqp = parseUrl(BROKER_ENV_VARS.amqpUrl, raw, ['amqp:', 'amqps:']);
  const base = amqp.protocol === 'amqps:' ? STANDARD.amqps : STANDARD.amqp;
  const amqpPort = amqp.port === '' ? base : Number(amqp.port);
  const offset = amqpPort - base;
  if (amqp.username === '' || amqp.password === '') {
    throw invalid(
      `${BROKER_ENV_VARS.amqpUrl} carries no admin credentials (amqp://USER:PASS@HOST:PORT); for the private node run \`pnpm broker:start\` and export the output of \`waldur-sim-broker env\``,
    );
  }
  const adminUser = decodeURIComponent(amqp.username);
  const adminPassword = decodeURIComponent(amqp.password);
  const host = amqp.hostname;

  const amqpUrl = new URL(amqp.href);
  amqpUrl.username = encodeURIComponent(adminUser);
  amqpUrl.password = encodeURIComponent(adminPassword);

  const managementRaw = env[BROKER_ENV_VARS.managementUrl];
  const management =
    managementRaw === undefined || managementRaw === ''
      ? `http://${host}:${shifted(STANDARD.management, offset)}`
      : parseUrl(BROKER_ENV_VARS.managementUrl, managementRaw, ['http:', 'https:']).href;

  const webStompRaw = env[BROKER_ENV_VARS.webStompUrl];
  const webStompUrl =
    webStompRaw === undefined || webStompRaw === ''
      ? `ws://${host}:${shifted(STANDARD.webStomp, offset)}/ws`
      : parseUrl(BROKER_ENV_VARS.webStompUrl, webStompRaw, ['ws:', 'wss:']).href;

  const stompHostRaw = env[BROKER_ENV_VARS.stompHost];
  const stompPortRaw = env[BROKER_ENV_VARS.stompPort];

  return {
    source,
    amqpUrl: amqpUrl.href,
    managementUrl: management.replace(/\/+$/, ''),
    webStompUrl,
    stompHost: stompHostRaw === undefined || stompHostRaw === '' ? host : stompHostRaw,
    stompPort:
      stompPortRaw === undefined || stompPortRaw === ''
        ? shifted(STANDARD.stomp, offset)
        : parsePort(BROKER_ENV_VARS.stompPort, stompPortRaw),
    adminUser,
    adminPassword,
  };
}

/** The environment variables that describe `broker`, for process.env or a child's env. */
export function brokerToEnv(broker: BrokerEndpoints): Record<string, string> {
  return {
    [BROKER_ENV_VARS.amqpUrl]: broker.amqpUrl,
    [BROKER_ENV_VARS.managementUrl]: broker.managementUrl,
    [BROKER_ENV_VARS.webStompUrl]: broker.webStompUrl,
    [BROKER_ENV_VARS.stompHost]: broker.stompHost,
    [BROKER_ENV_VARS.stompPort]: String(broker.stompPort),
  };
}

/** A copy without methods (e.g. a ProvidedBroker's stop()), safe for vitest's provide(). */
export function plainEndpoints(broker: BrokerEndpoints): BrokerEndpoints {
  return {
    source: broker.source,
    amqpUrl: broker.amqpUrl,
    managementUrl: broker.managementUrl,
    webStompUrl: broker.webStompUrl,
    stompHost: broker.stompHost,
    stompPort: broker.stompPort,
    adminUser: broker.adminUser,
    adminPassword: broker.adminPassword,
  };
}
