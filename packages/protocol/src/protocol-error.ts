// Typed error for every failure of the wire contract, so callers branch on a stable `code`, never on text.

/** Stable error codes raised by @waldur-sim/protocol. */
export type ProtocolErrorCode =
  | 'ERR_INVALID_UUID'
  | 'ERR_INVALID_OBJECT_TYPE'
  | 'ERR_INVALID_QUEUE_NAME'
  | 'ERR_UNENCODABLE'
  | 'ERR_MESSAGE_NOT_JSON'
  | 'ERR_MESSAGE_SCHEMA';

/** One failing field of a schema check: dotted path (empty for the root) and a message. */
export interface ProtocolIssue {
  readonly path: string;
  readonly message: string;
}

export interface ProtocolErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly ProtocolIssue[];
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** Field-level details for schema errors (empty otherwise). */
  readonly issues: readonly ProtocolIssue[];

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}
