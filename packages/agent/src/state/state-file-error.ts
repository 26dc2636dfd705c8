// Typed failure of the agent's own durable state (the create-intent journal): the order that needed it fails with a
// clear message instead of risking a second backend resource.

export type StateFileErrorCode = 'ERR_STATE_FILE_READ' | 'ERR_STATE_FILE_CORRUPT' | 'ERR_STATE_FILE_WRITE';

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  readonly code: StateFileErrorCode;
  readonly path: string;

  constructor(code: StateFileErrorCode, path: string, message: string, options: { cause?: unknown } = {}) {
    super(`${message} (${path})`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = path;
  }
}
