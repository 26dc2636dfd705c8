// One typed error for everything a test harness detects itself (timeouts, missing builds, failed start-ups, a
// benchmark's bad arguments or failed worker), so a failing test, fault case or benchmark says which part and
// which step broke, without parsing message text.
export type HarnessErrorCode =
  | 'LAYOUT'
  | 'NOT_BUILT'
  | 'START_FAILED'
  | 'PROCESS_EXITED'
  | 'WAIT_TIMEOUT'
  | 'API_ERROR'
  | 'SLURM_MOCK'
  | 'SEED_FAILED'
  | 'DATABASE'
  | 'BROKER'
  | 'TAP'
  | 'OPENSSL'
  | 'PROXY'
  | 'USAGE'
  | 'WORKER_FAILED'
  | 'SCENARIO_FAILED';

export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
