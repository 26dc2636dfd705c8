// A throw-away RabbitMQ container for machines with a container runtime. testcontainers is imported
// lazily: it costs ~0.4 s to load and is not needed when RABBITMQ_URL or the local node is used.
// (Pinned to 11.x: testcontainers 12 crashes at import on node 20.)
import { existsSync } from 'node:fs';
import { generateAdminPassword } from './admin-secret.js';
import type { ProvidedBroker } from './broker-provider.js';
import {
  CONTAINER_LABEL,
  defaultRuntimeProbes,
  prepareContainerRuntimeEnv,
} from './container-runtime-env.js';
import { dockerSocketPath, socketDockerEngineApi } from './docker-engine-api.js';
import type { Logger } from './logger.js';
import { probeBroker, waitForBroker } from './readiness.js';
import { TestkitError } from './testkit-error.js';

/** The official image; WALDUR_SIM_RABBITMQ_IMAGE selects another (e.g. a locally built stand-in). */
export const RABBITMQ_IMAGE = 'rabbitmq:3.13-management';
export const RABBITMQ_IMAGE_ENV_VAR = 'WALDUR_SIM_RABBITMQ_IMAGE';
export const CONTAINER_PLUGINS = '[rabbitmq_management,rabbitmq_stomp,rabbitmq_web_stomp].\n';
const PORTS = { amqp: 5672, management: 15672, stomp: 61613, webStomp: 15674 } as const;

export function rabbitMqImage(env: NodeJS.ProcessEnv = process.env): string {
  const image = env[RABBITMQ_IMAGE_ENV_VAR];
  return image === undefined || image === '' ? RABBITMQ_IMAGE : image;
}

let prepared: Promise<void> | undefined;

/** Once per process, before testcontainers first talks to the engine (it caches what it found). */
export function prepareTestcontainers(logger?: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  prepared ??= (async () => {
    const socketPath = dockerSocketPath(env);
    if (socketPath === undefined || !existsSync(socketPath)) return;
    try {
      await prepareContainerRuntimeEnv(env, {
        engine: socketDockerEngineApi(socketPath),
        ...defaultRuntimeProbes,
        ...(logger === undefined ? {} : { logger }),
      });
    } catch (error) {
      logger?.debug({ reason: error instanceof Error ? error.message : String(error) }, 'engine not asked');
    }
  })();
  return prepared;
}

/** Whether a container runtime answers; without Docker this settles within milliseconds. */
export async function containerRuntimeAvailable(logger?: Logger, timeoutMs = 10_000): Promise<boolean> {
  try {
    await prepareTestcontainers(logger);
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
  const image = options.image ?? rabbitMqImage();
  options.logger?.info({ image }, 'starting RabbitMQ container (testcontainers)');
  try {
    await prepareTestcontainers(options.logger);
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    // A throw-away container, but still no fixed admin password: one generated for this container.
    const adminUser = 'waldursim-admin';
    const adminPassword = generateAdminPassword();
    const container = await new RabbitMQContainer(image)
      .withEnvironment({ RABBITMQ_DEFAULT_USER: adminUser, RABBITMQ_DEFAULT_PASS: adminPassword })
      .withExposedPorts(PORTS.stomp, PORTS.webStomp)
      .withCopyContentToContainer([{ content: CONTAINER_PLUGINS, target: '/etc/rabbitmq/enabled_plugins' }])
      .withLabels({ [CONTAINER_LABEL]: 'rabbitmq' })
      // The official image is ready in a few seconds; allow for a busy CI machine.
      .withStartupTimeout(120_000)
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
