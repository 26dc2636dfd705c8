// Why the emulator could not start, with a stable code and the underlying cause.
export type EmulatorErrorCode = 'START_FAILED' | 'SEED_FAILED';

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';

  constructor(
    readonly code: EmulatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
