// Typed failures of the mock itself (state file, lock), distinct from SLURM-style command errors,
// which are ordinary output + exit codes and never thrown.

export type SlurmMockErrorCode = 'STATE_CORRUPT' | 'STATE_IO' | 'LOCK_TIMEOUT' | 'BAD_ARGUMENT';

export class SlurmMockError extends Error {
  readonly code: SlurmMockErrorCode;

  constructor(code: SlurmMockErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlurmMockError';
    this.code = code;
  }
}

export class StateFileError extends SlurmMockError {
  constructor(code: 'STATE_CORRUPT' | 'STATE_IO', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StateFileError';
  }
}

export class LockTimeoutError extends SlurmMockError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LOCK_TIMEOUT', message, options);
    this.name = 'LockTimeoutError';
  }
}
