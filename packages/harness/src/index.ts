// @waldur-sim/harness: the one vocabulary every test suite (e2e, reliability, bench, the packages' integration
// tests) uses to run the parts as real processes. Test-only: production packages never depend on it.
export {
  agentConfigYaml,
  agentReady,
  offeringEntry,
  spawnAgent,
  writeAgentConfig,
  type AgentConfigOptions,
  type AgentMode,
  type SpawnAgentOptions,
} from './agent.js';
export {
  AgentHandle,
  startAgent,
  waitAgentReady,
  type AgentMessage,
  type AgentQueue,
  type SlurmCommand,
  type StartAgentOptions,
} from './agent-handle.js';
export { freePort, freePorts } from './free-port.js';
export { HarnessError, type HarnessErrorCode } from './harness-error.js';
export {
  DATA_ROOT,
  dataDir,
  findUp,
  packageBin,
  packageDir,
  packageRootOf,
  partPaths,
  REPO_ROOT,
  workspacePackages,
  type PartPaths,
} from './layout.js';
export { LogFile, type LogRecord } from './log-file.js';
export {
  childEnv,
  ManagedProcess,
  signalAllProcesses,
  stopAllProcesses,
  type ExitStatus,
  type LogLine,
  type SpawnOptions,
  type StopOptions,
} from './managed-process.js';
export { matches, type PayloadSubset } from './payload-match.js';
export {
  createServerDatabase,
  DEFAULT_SERVER_URL,
  embeddedPublisherDatabase,
  findDatabaseServer,
  publisherDatabaseAt,
  serverAnswers,
  serverPublisherDatabase,
  withClient,
  withDatabase,
  type PublisherDatabase,
  type ServerDatabase,
} from './postgres.js';
export {
  brokerArgs,
  PublisherHandle,
  seedWorlds,
  spawnServe,
  startPublisher,
  type PublisherBroker,
  type SeededWorld,
  type ServeOptions,
  type StartPublisherOptions,
} from './publisher.js';
export { Teardown } from './teardown.js';
export { runTool, SlurmMock, type SlurmTool, type ToolResult } from './slurm-mock.js';
export { deferred, type Deferred } from './deferred.js';
export { defaultWaitTimeout, describeValue, waitFor, type WaitOptions } from './wait-for.js';
export { waitForMessage, type TypedMessage, type WaitForMessageOptions } from './wait-for-message.js';
export {
  OK_STATUSES,
  WaldurApiError,
  WaldurRestClient,
  type CreateOrderInput,
  type EventSubscriptionCreated,
  type RestResponse,
  type SubscriptionQueueCreated,
} from './waldur-rest-client.js';
