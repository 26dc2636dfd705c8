// A throw-away RabbitMQ container for machines with a container runtime. testcontainers is imported
// lazily: it costs ~0.4 s to load and is not needed when RABBITMQ_URL or the local node is used.
// (Pinned to 11.x: testcontainers 12 crashes at import on node 20.)
import { generateAdminPassword } from './admin-secret.js';
import type { ProvidedBroker } from './broker-provider.js';
import type { Logger } from './logger.js';
import { probeBroker, waitForBroker } from './readiness.js';
import { TestkitError } from './testkit-error.js';

export const RABBITMQ_IMAGE = 'rabbitmq:3.13-management';
export const CONTAINER_PLUGINS = '[rabbitmq_management,rabbitmq_stomp,rabbitmq_web_stomp].\n';
const PORTS = { amqp: 5672, management: 15672, stomp: 61613, webStomp: 15674 } as const;

/** Whether a container runtime answers; without Docker this settles within milliseconds. */
export async function containerRuntimeAvailable(logger?: Logger, timeoutMs = 10_000): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      await Promise.race([getContainerRuntimeClient(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  } catch (error) {
    logger?.debug({ reason: error instanceof Error ? error.message : String(error) }, 'no container runtime');
    return false;
  }
}

export async function startContainerBroker(
  options: { readonly image?: string; readonly logger?: Logger } = {},
): Promise<ProvidedBroker> {
  const image = options.image ?? RABBITMQ_IMAGE;
  options.logger?.info({ image }, 'starting RabbitMQ container (testcontainers)');
  try {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    // A throw-away container, but still no fixed admin password: one generated for this container.
    const adminUser = 'waldursim-admin';
    const adminPassword = generateAdminPassword();
    const container = await new RabbitMQContainer(image)
      .withEnvironment({ RABBITMQ_DEFAULT_USER: adminUser, RABBITMQ_DEFAULT_PASS: adminPassword })
      .withExposedPorts(PORTS.stomp, PORTS.webStomp)
      .withCopyContentToContainer([{ content: CONTAINER_PLUGINS, target: '/etc/rabbitmq/enabled_plugins' }])
      .start();
    const host = container.getHost();
    const endpoints = {
      source: 'testcontainers' as const,
      amqpUrl: `amqp://${adminUser}:${adminPassword}@${host}:${container.getMappedPort(PORTS.amqp)}`,
      managementUrl: `http://${host}:${container.getMappedPort(PORTS.management)}`,
      webStompUrl: `ws://${host}:${container.getMappedPort(PORTS.webStomp)}/ws`,
      stompHost: host,
      stompPort: container.getMappedPort(PORTS.stomp),
      adminUser,
      adminPassword,
    };
    await waitForBroker(endpoints, { timeoutMs: 60_000, probe: (e) => probeBroker(e) });
    options.logger?.info({ managementUrl: endpoints.managementUrl }, 'RabbitMQ container ready');
    return {
      ...endpoints,
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    throw new TestkitError('CONTAINER_START_FAILED', `could not start ${image} with testcontainers`, {
      cause: error,
    });
  }
}
