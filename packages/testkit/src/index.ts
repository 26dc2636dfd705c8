// @waldur-sim/testkit: a real RabbitMQ for every test and developer (RABBITMQ_URL, testcontainers, or a
// private local node), plus the helpers tests use to talk to it.
export type { BrokerContextKey } from './provided-context.js';
export {
  BROKER_ENV_VARS,
  brokerFromEnv,
  brokerToEnv,
  plainEndpoints,
  type BrokerEndpoints,
  type BrokerSource,
} from './broker-endpoints.js';
export {
  BROKER_SOURCE_ENV_VAR,
  provideBroker,
  startLocalBroker,
  type BrokerProviderDeps,
  type ProvidedBroker,
} from './broker-provider.js';
export { acquireSharedBroker } from './global-setup.js';
export { generateAdminPassword, readOrCreateAdminPassword } from './admin-secret.js';
export {
  LOCAL_BROKER_DEFAULTS,
  LOCAL_BROKER_ENV_VARS,
  localBrokerEndpoints,
  localBrokerOptionsFromEnv,
  resolveLocalBrokerConfig,
  type LocalBrokerConfig,
  type LocalBrokerOptions,
} from './local-broker-config.js';
export {
  LocalBroker,
  type LocalBrokerState,
  type LocalBrokerStatus,
  type StartResult,
} from './local-broker.js';
export {
  createManagementClient,
  type ManagementClient,
  type ManagementClientOptions,
  type PeekedMessage,
  type Permissions,
  type QueueInfo,
} from './management-client.js';
export {
  adminStompOptions,
  connectStomp,
  STOMP_SUBPROTOCOLS,
  type ConnectStompOptions,
} from './connect-stomp.js';
export { freePort, freePorts } from './free-port.js';
export { probeBroker, waitForBroker, type BrokerProbe } from './readiness.js';
export {
  CONTAINER_PLUGINS,
  containerRuntimeAvailable,
  prepareTestcontainers,
  RABBITMQ_IMAGE,
  RABBITMQ_IMAGE_ENV_VAR,
  rabbitMqImage,
  startContainerBroker,
} from './testcontainers-broker.js';
export { CONTAINER_LABEL, prepareContainerRuntimeEnv } from './container-runtime-env.js';
export {
  ManagementApiError,
  RabbitMqNotInstalledError,
  StompConnectError,
  TestkitError,
  type TestkitErrorCode,
} from './testkit-error.js';
export {
  webStompTlsConfig,
  webStompTlsUrl,
  writeWebStompTlsTemplates,
  type WebStompTlsOptions,
} from './web-stomp-tls.js';
export {
  parseExposition,
  metricFamily,
  ExpositionFormatError,
  type MetricFamily,
  type MetricType,
  type MetricSample,
} from './prometheus-text.js';
