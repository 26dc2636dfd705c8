// Public API of @waldur-sim/agent: the agent's building blocks for tests, the e2e suite and embedding.
export {
  ConfigError,
  formatConfigIssues,
  type ConfigIssue,
  type ConfigErrorCode,
} from './config/config-error.js';
export {
  offeringSchema,
  rootConfigSchema,
  backendComponentSchema,
  STOMP_ACK_MODES,
  RECONNECT_JITTER_MODES,
  LOG_LEVELS,
  type OfferingConfig,
  type StompAckMode,
  type LogLevel,
} from './config/config-schema.js';
export {
  loadConfigFile,
  parseConfig,
  parseConfigText,
  DEFAULT_CONFIG_FILE,
  type AgentConfig,
  type LoadedConfig,
} from './config/load-config.js';
export {
  readEnvSettings,
  resolveHeartbeatFile,
  resolveStateDir,
  defaultStateDirFor,
  DEFAULT_HEARTBEAT_FILE,
  type EnvSettings,
} from './config/env-settings.js';
export {
  FileCreateIntentJournal,
  createIntentJournalPath,
  type CreateIntent,
  type CreateIntentJournal,
} from './state/create-intent-journal.js';
export { StateFileError, type StateFileErrorCode } from './state/state-file-error.js';
export { observableObjectTypes, membershipViaStomp } from './config/offering-features.js';

export { WaldurHttpClient, apiBaseUrl, type FetchLike, type HttpRetryOptions } from './waldur/http-client.js';
export { WaldurApi } from './waldur/waldur-api.js';
export {
  WaldurApiError,
  WaldurTransportError,
  WaldurResponseError,
  WaldurAuthError,
  isTransientWaldurError,
} from './waldur/waldur-errors.js';
export { StaticTokenAuth, OidcClientCredentialsAuth, type AuthProvider } from './waldur/auth.js';

export { ReconnectPolicy, DEFAULT_RECONNECT_POLICY, type ReconnectTimers } from './stomp/reconnect-policy.js';
export { backoffDelay, type BackoffOptions, type JitterMode } from './util/backoff.js';
export { StompConsumer, type StompClientFactory, type StompClientLike } from './stomp/stomp-consumer.js';
export { createStompClientFactory, type StompClientSettings } from './stomp/stomp-client-factory.js';
export {
  DeliveryProcessor,
  type Delivery,
  type DeliveryOutcome,
  type MessageHandler,
} from './stomp/delivery-processor.js';
export { stompEndpoint, type StompEndpoint } from './stomp/stomp-endpoint.js';

export { OrderProcessor } from './processors/order-processor.js';
export { MembershipProcessor } from './processors/membership-processor.js';
export { EventProcessAgent, type AgentDeps } from './runtime/event-process.js';
export { PollingAgent, type PollingMode } from './runtime/polling-agent.js';
export { SUBSCRIPTION_DESCRIPTION } from './runtime/stomp-subscriptions.js';
export { runAgent } from './cli/run-agent.js';
export { parseCli } from './cli/parse-args.js';
export { AGENT_VERSION, userAgent } from './version.js';
