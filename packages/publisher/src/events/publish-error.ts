// Why a single outbox row could not be published; stored (code + message) in OutboxMessage.lastError.
export type PublishErrorCode =
  | 'ERR_PUBLISH_CONNECT'
  | 'ERR_PUBLISH_UNROUTABLE'
  | 'ERR_PUBLISH_NACK'
  | 'ERR_PUBLISH_TIMEOUT'
  | 'ERR_PUBLISH_CHANNEL';

export class PublishError extends Error {
  override readonly name = 'PublishError';
  readonly code: PublishErrorCode;

  constructor(code: PublishErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
