// The benchmark's children are the shared harness's ManagedProcess in file capture: stdout and stderr go
// straight to a log file (no pipe the benchmark would have to drain while it measures). This module adds the
// two things only the benchmark needs: run a worker to completion, and SIGTERM everything on Ctrl-C.
import { ManagedProcess, signalAllProcesses, type ExitStatus, type LogFile } from '@waldur-sim/harness';

/** Asks every owned process group to stop (SIGTERM), e.g. on Ctrl-C; scenarios waiting on them then fail fast. */
export function terminateAllOwned(): void {
  signalAllProcesses('SIGTERM');
}

/** Runs a node script to completion; resolves with its exit status (output goes to `logFile`). */
export async function runToCompletion(
  options: {
    label: string;
    command: string;
    args: readonly string[];
    env: NodeJS.ProcessEnv;
    logFile: string;
  },
  timeoutMs: number,
): Promise<{ status: ExitStatus; log: LogFile }> {
  const proc = await ManagedProcess.run({ ...options, capture: 'file' }, timeoutMs);
  const status = proc.status ?? { code: null, signal: 'SIGKILL' };
  return { status, log: proc.log };
}
