// Typed backend errors: processors branch on `code` (e.g. keep an order pending on ERR_BACKEND_NOT_READY,
// retry creation with a new id on ERR_DUPLICATE_RESOURCE) instead of matching message text.

export type BackendErrorCode =
  | 'ERR_BACKEND'
  | 'ERR_BACKEND_COMMAND'
  | 'ERR_BACKEND_CONFIG'
  | 'ERR_BACKEND_UNKNOWN_TYPE'
  | 'ERR_DUPLICATE_RESOURCE'
  | 'ERR_BACKEND_NOT_READY'
  | 'ERR_BACKEND_INVALID_NAME'
  | 'ERR_BACKEND_UNAVAILABLE';

export interface BackendErrorOptions {
  readonly cause?: unknown;
  /** Combined stdout+stderr of the failed command, when a command failed. */
  readonly output?: string;
  /** argv of the failed command (file first), when a command failed. */
  readonly argv?: readonly string[];
  readonly exitCode?: number;
}

/** Any failure of a backend operation. Its message is safe to show in Waldur (no traceback needed). */
export class BackendError extends Error {
  override readonly name: string = 'BackendError';
  readonly code: BackendErrorCode;
  readonly output: string;
  readonly argv: readonly string[];
  readonly exitCode: number | null;

  constructor(message: string, code: BackendErrorCode = 'ERR_BACKEND', options: BackendErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.output = options.output ?? '';
    this.argv = options.argv ?? [];
    this.exitCode = options.exitCode ?? null;
  }
}

/** The backend id chosen for a new resource already exists; the caller retries with another id. */
export class DuplicateResourceError extends BackendError {
  override readonly name: string = 'DuplicateResourceError';
  readonly backendId: string;

  constructor(backendId: string, options: BackendErrorOptions = {}) {
    super(`Resource with backend id ${backendId} already exists`, 'ERR_DUPLICATE_RESOURCE', options);
    this.backendId = backendId;
  }
}

/** The backend cannot act yet (e.g. an async backend still provisioning); the order stays untouched. */
export class BackendNotReadyError extends BackendError {
  override readonly name: string = 'BackendNotReadyError';

  constructor(message: string, options: BackendErrorOptions = {}) {
    super(message, 'ERR_BACKEND_NOT_READY', options);
  }
}

export function isBackendError(err: unknown): err is BackendError {
  return err instanceof BackendError;
}

/**
 * The site's accounting service could not be reached (slurmdbd/slurmctld down, connection refused): the
 * operation may succeed if repeated, so processors retry it (and the message is redelivered) instead of
 * failing the order.
 */
export class BackendUnavailableError extends BackendError {
  override readonly name: string = 'BackendUnavailableError';

  constructor(message: string, options: BackendErrorOptions = {}) {
    super(message, 'ERR_BACKEND_UNAVAILABLE', options);
  }
}
