// The real `waldur-site-agent` as the shared harness runs it (config writer, start-up, log read-back); kept at
// this path for the suite's imports.
export {
  AgentHandle,
  offeringEntry,
  startAgent,
  writeAgentConfig,
  type AgentMessage,
  type AgentQueue,
  type AgentMode,
  type SlurmCommand,
  type StartAgentOptions,
} from '@waldur-sim/harness';
