// Gives a test run a real RabbitMQ with the management, stomp and web_stomp plugins, in this order:
// (a) RABBITMQ_URL from the environment, (b) a testcontainers container when a container runtime answers,
// (c) the private local node. Whatever it returns, stop() only stops what this call started.
import { brokerFromEnv, BROKER_ENV_VARS, type BrokerEndpoints } from './broker-endpoints.js';
import { LocalBroker } from './local-broker.js';
import { localBrokerOptionsFromEnv } from './local-broker-config.js';
import { createLogger, type Logger } from './logger.js';
import { probeBroker, waitForBroker } from './readiness.js';
import { containerRuntimeAvailable, startContainerBroker } from './testcontainers-broker.js';
import { TestkitError } from './testkit-error.js';

export interface ProvidedBroker extends BrokerEndpoints {
  /** Stops the broker if this provider started it; a no-op for RABBITMQ_URL and a reused local node. */
  stop(): Promise<void>;
}

/** Forces a source: `local` skips container detection, `testcontainers` requires a runtime. */
export const BROKER_SOURCE_ENV_VAR = 'WALDUR_SIM_BROKER_SOURCE';

export interface BrokerProviderDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly containerRuntimeAvailable: () => Promise<boolean>;
  readonly startContainer: () => Promise<ProvidedBroker>;
  readonly startLocal: () => Promise<ProvidedBroker>;
  /** Checks that an env-given broker answers; rejects otherwise. */
  readonly checkEnvBroker: (endpoints: BrokerEndpoints) => Promise<void>;
}

export async function startLocalBroker(
  env: NodeJS.ProcessEnv = process.env,
  logger?: Logger,
): Promise<ProvidedBroker> {
  const local = new LocalBroker(localBrokerOptionsFromEnv(env), logger === undefined ? {} : { logger }, env);
  const { started } = await local.start();
  return {
    ...local.endpoints,
    stop: async () => {
      if (started) await local.stop();
    },
  };
}

async function checkEnvBroker(endpoints: BrokerEndpoints): Promise<void> {
  try {
    await waitForBroker(endpoints, { timeoutMs: 15_000, probe: (e) => probeBroker(e) });
  } catch (error) {
    throw new TestkitError(
      'BROKER_NOT_READY',
      `${BROKER_ENV_VARS.amqpUrl} is set, but that broker does not answer on all of AMQP, management and Web-STOMP ` +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

function defaultDeps(partial: Partial<BrokerProviderDeps>): BrokerProviderDeps {
  const env = partial.env ?? process.env;
  const logger = partial.logger ?? createLogger('broker-provider', env);
  return {
    env,
    logger,
    containerRuntimeAvailable: () => containerRuntimeAvailable(logger),
    startContainer: () => startContainerBroker({ logger }),
    startLocal: () => startLocalBroker(env, logger),
    checkEnvBroker,
    ...partial,
  };
}

export async function provideBroker(partial: Partial<BrokerProviderDeps> = {}): Promise<ProvidedBroker> {
  const deps = defaultDeps(partial);
  const { env, logger } = deps;

  const url = env[BROKER_ENV_VARS.amqpUrl];
  if (url !== undefined && url !== '') {
    const endpoints = brokerFromEnv(env);
    await deps.checkEnvBroker(endpoints);
    logger.info(
      { managementUrl: endpoints.managementUrl, webStompUrl: endpoints.webStompUrl },
      `broker from ${BROKER_ENV_VARS.amqpUrl}`,
    );
    return { ...endpoints, stop: () => Promise.resolve() };
  }

  const forced = env[BROKER_SOURCE_ENV_VAR];
  if (forced !== undefined && forced !== '' && forced !== 'testcontainers' && forced !== 'local') {
    throw new TestkitError(
      'INVALID_OPTION',
      `${BROKER_SOURCE_ENV_VAR} must be "testcontainers" or "local", got ${JSON.stringify(forced)}`,
    );
  }

  if (forced !== 'local') {
    if (await deps.containerRuntimeAvailable()) return deps.startContainer();
    if (forced === 'testcontainers') {
      throw new TestkitError(
        'CONTAINER_RUNTIME_UNAVAILABLE',
        `${BROKER_SOURCE_ENV_VAR}=testcontainers, but no container runtime answers`,
      );
    }
  }

  try {
    return await deps.startLocal();
  } catch (error) {
    if (error instanceof TestkitError && error.code === 'RABBITMQ_NOT_INSTALLED') {
      throw new TestkitError(
        'NO_BROKER_AVAILABLE',
        `no broker for the tests: ${BROKER_ENV_VARS.amqpUrl} is not set, no container runtime answers, and ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}
