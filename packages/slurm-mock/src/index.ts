// Library entry: the same parser, dispatcher and state store the bin/ executables use, for in-process
// tests (runCommand) and for tooling around the mock (state store, initial state, types).
export { type CommandResult, CommandIo, type OutputSink } from './command-io.js';
export { LockTimeoutError, SlurmMockError, type SlurmMockErrorCode, StateFileError } from './errors.js';
export { createInitialState, DEFAULT_CLUSTER, DEFAULT_TRES } from './initial-state.js';
export { advanceDate, mockNow, type RealClock } from './mock-clock.js';
export { isToolName, type RunOptions, runCommand, TOOL_NAMES, type ToolName } from './run-command.js';
export {
  createMemoryStateStore,
  createStateStore,
  resolveStatePath,
  serializeState,
  type StateStore,
  type StateStoreOptions,
  type TransactResult,
} from './state-store.js';
export type * from './state-types.js';
export { SLURM_VERSION } from './tool-context.js';
