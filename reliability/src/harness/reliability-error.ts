// One typed error for everything the reliability harness detects itself (start-up failures, timeouts, a missing
// build), so a failing fault case says which part and which step broke.
export type ReliabilityErrorCode =
  | 'LAYOUT'
  | 'NOT_BUILT'
  | 'START_FAILED'
  | 'PROCESS_EXITED'
  | 'WAIT_TIMEOUT'
  | 'API_ERROR'
  | 'SLURM_MOCK'
  | 'DATABASE'
  | 'BROKER'
  | 'OPENSSL'
  | 'PROXY';

export class ReliabilityError extends Error {
  override readonly name = 'ReliabilityError';
  readonly code: ReliabilityErrorCode;

  constructor(code: ReliabilityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
