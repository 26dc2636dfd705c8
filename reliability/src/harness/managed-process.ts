// The reliability suite's process supervisor is the shared harness's (kept at this path for the suite's
// imports); `crash()` is the SIGKILL the fault cases inject.
export {
  childEnv,
  ManagedProcess,
  type ExitStatus,
  type LogLine,
  type SpawnOptions,
} from '@waldur-sim/harness';
