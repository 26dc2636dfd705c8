// Public surface of @waldur-sim/publisher: start or embed the Waldur emulator, its database, broker
// provisioning, event recording and the outbox relay.
export {
  createServices,
  newHexId,
  newTokenKey,
  type PublisherServices,
  type CreateServicesOptions,
} from './services.js';
export { loadConfig, ConfigError, type PublisherConfig, type ConfigFlags } from './config.js';
export {
  openDatabase,
  DEFAULT_DATA_DIR,
  type OpenDatabaseOptions,
  type OpenedDatabase,
} from './db/open-database.js';
export { applyMigrations, readMigrations, DEFAULT_MIGRATIONS_DIR, type MigrateResult } from './db/migrate.js';
export { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './db/embedded-postgres.js';
export { DatabaseError, type DatabaseErrorCode } from './db/database-error.js';
export {
  ManagementApiProvisioner,
  type BrokerProvisioner,
  type ManagementApiOptions,
  type QueueInfo,
  type PermissionInfo,
} from './broker/broker-provisioner.js';
export {
  BrokerProvisioningError,
  type BrokerProvisioningErrorDetails,
} from './broker/broker-provisioning-error.js';
export {
  OutboxEventRecorder,
  EventRecorderError,
  SITE_AGENT_OFFERING_TYPE,
  type EventRecorder,
  type RoleChange,
  type OfferingUserSnapshot,
} from './events/event-recorder.js';
export { findRecipients, type Recipient, type Tx } from './events/recipients.js';
export {
  DEFAULT_CONFIRM_WINDOW,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayMetrics,
} from './events/outbox-relay.js';
export { AmqpPublisher, type MessagePublisher, type OutgoingMessage } from './events/amqp-publisher.js';
export type { Timers } from './timers.js';
export { PublishError, type PublishErrorCode } from './events/publish-error.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './events/backoff.js';
export { amqpPublishOptions } from './events/stomp-to-amqp.js';
export { OUTBOX_NOTIFY_CHANNEL } from './events/outbox-channel.js';
export {
  runSeed,
  agentConfigFor,
  renderAgentConfig,
  type SeedOptions,
  type SeedResult,
  type AgentConfig,
} from './seed.js';
export { buildApp, type BuildAppOptions } from './http/app.js';
export { startServer, type RunningPublisher } from './serve.js';
export { runCli, type CliIo } from './cli.js';
export { PrismaClient, Prisma } from './generated/prisma/client.js';
export { PublisherMetrics, type PublisherMetricsOptions } from './metrics/publisher-metrics.js';
export type { RelayBatchInfo, RelayObserver } from './events/relay-observer.js';
