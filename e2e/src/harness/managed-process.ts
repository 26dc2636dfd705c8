// The e2e suite's process supervisor is the shared harness's (kept at this path for the suite's imports).
export {
  childEnv,
  ManagedProcess,
  stopAllProcesses,
  type ExitStatus,
  type LogLine,
  type SpawnOptions,
} from '@waldur-sim/harness';
