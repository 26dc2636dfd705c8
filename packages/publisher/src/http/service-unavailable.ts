// 503 for overload and transient outages (docs/guarantees.md#overload): the database pool or the RabbitMQ
// management API could not serve the request in time. Unlike a 400 it tells a client "the same request may
// work later" — the error handler sends `Retry-After` and DRF's ServiceUnavailable body.

/** Django REST framework's `ServiceUnavailable.default_detail`. */
export const SERVICE_UNAVAILABLE_DETAIL = 'Service temporarily unavailable, try again later.';

/** Seconds a client is told to wait before retrying (small: the agent adds its own jittered backoff). */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

export type UnavailableReason = 'database' | 'broker' | 'provisioning-queue';

export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  readonly code = 'WALDUR_SERVICE_UNAVAILABLE';
  readonly statusCode = 503;

  constructor(
    /** What was overloaded or unreachable (logs and metrics; not sent to clients). */
    readonly reason: UnavailableReason,
    readonly retryAfterSeconds: number = DEFAULT_RETRY_AFTER_SECONDS,
    options?: { cause?: unknown },
  ) {
    super(SERVICE_UNAVAILABLE_DETAIL, options);
  }
}
