// One typed error for everything a test harness detects itself (timeouts, missing builds, failed start-ups), so a
// failing test, fault case or benchmark says which part and which step broke.
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
  | 'PROXY';

export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
