// Every failure the benchmark reports is a BenchError with a stable code, so a broken run says which part
// (setup, a child process, a timeout, a scenario) gave up, and why, without parsing message text.
export type BenchErrorCode =
  | 'USAGE'
  | 'NOT_BUILT'
  | 'LAYOUT'
  | 'DATABASE'
  | 'PROCESS_EXITED'
  | 'WAIT_TIMEOUT'
  | 'API_ERROR'
  | 'WORKER_FAILED'
  | 'SCENARIO_FAILED'
  | 'BROKER';

export class BenchError extends Error {
  override readonly name = 'BenchError';
  readonly code: BenchErrorCode;

  constructor(code: BenchErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
