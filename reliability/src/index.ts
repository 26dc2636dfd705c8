// @waldur-sim/reliability: the fault-suite harness (stacks of real processes that can be crashed, a black-hole
// TCP proxy, a Jepsen-style lost/duplicated checker) and the helpers of the security tests, for reuse by other
// suites. The suites themselves live in test/.
export { AgentProcess, offeringEntry, type AgentProcessOptions } from './harness/agent-process.js';
export {
  agentQueues,
  deadLetters,
  publishRaw,
  purgeDeadLetters,
  type AgentQueue,
  type DeadLetter,
  type RawMessage,
} from './harness/agent-queues.js';
export {
  checkOnce,
  checkUntilConverged,
  repeatedWrites,
  type CheckInput,
  type CheckResult,
  type ConvergedResult,
} from './harness/checker.js';
export { DbFingerprint, type DbSnapshot } from './harness/db-snapshot.js';
export {
  createSuiteResources,
  planFor,
  runFaultCase,
  type CaseOptions,
  type CaseOutcome,
  type SuiteResources,
} from './harness/fault-case.js';
export { FAST_AGENT_SETTINGS, FaultStack, type FaultStackOptions } from './harness/fault-stack.js';
export { CountingBackend } from './harness/fake-backend.js';
export { FakeStompBroker, type Settlement } from './harness/fake-stomp.js';
export { freePort, freePorts } from './harness/free-port.js';
export {
  startInProcessPublisher,
  type InProcessPublisher,
  type InProcessPublisherOptions,
} from './harness/in-process-publisher.js';
export { injectFetch } from './harness/inject-fetch.js';
export {
  callApi,
  okApi,
  registerAgentQueue,
  type InjectResponse,
  type StompCredentials,
} from './harness/inject-rest.js';
export { ManagedProcess, childEnv, type LogLine } from './harness/managed-process.js';
export { DATA_ROOT, REPO_ROOT, partPaths, type PartPaths } from './harness/paths.js';
export { PrivateBroker, type PrivateBrokerOptions } from './harness/private-broker.js';
export { PublisherProcess, type PublisherProcessOptions } from './harness/publisher-process.js';
export { ReliabilityError, type ReliabilityErrorCode } from './harness/reliability-error.js';
export { concretePath, parseRouteTree, type AppRoute } from './harness/route-table.js';
export { SlurmCluster } from './harness/slurm-cluster.js';
export { readCommandLog, writeSlurmShims, type LoggedCommand } from './harness/slurm-shim.js';
export { formatSummary, writeSummary, type SummaryRow } from './harness/summary-table.js';
export { TcpProxy, type ProxyStats } from './harness/tcp-proxy.js';
export { createTestDatabase, type TestDatabase } from './harness/test-database.js';
export { makeTestCertificates, type TestCertificates } from './harness/test-ca.js';
export { waitFor, type WaitOptions } from './harness/wait-for.js';
export { WaldurRest, type RestResponse } from './harness/waldur-rest.js';
export {
  Workload,
  type OrderRecord,
  type RoleRecord,
  type WorkloadPlan,
  type WorkloadResult,
} from './harness/workload.js';
export { seedWorld, type Member, type SeedWorldOptions, type World } from './harness/world.js';
