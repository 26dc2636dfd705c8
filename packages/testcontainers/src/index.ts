// @waldur-sim/testcontainers: a Waldur emulator (broker, PostgreSQL, publisher, optionally our site agent)
// started with testcontainers, for tests of anything that talks to Waldur's REST API and STOMP events.
export { EmulatorError, type EmulatorErrorCode } from './emulator-error.js';
export { agentConfigFor, parseSeedOutput, type AgentConfig, type SeededWorld } from './seed-output.js';
export {
  DEFAULT_AGENT_IMAGE,
  DEFAULT_POSTGRES_IMAGE,
  DEFAULT_PUBLISHER_IMAGE,
  startWaldurEmulator,
  type StartedWaldurEmulator,
  type WaldurEmulatorOptions,
} from './waldur-emulator.js';
