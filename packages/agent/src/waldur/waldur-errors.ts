// Typed failures of the Waldur REST client. Processors branch on them: transient ones (transport, 5xx, 429) are
// retried and never err an order (docs/agent.md#rest-client, docs/agent.md#retries-and-errors); others are real answers from Waldur.

/** Waldur answered with a non-2xx status. */
export class WaldurApiError extends Error {
  override readonly name = 'WaldurApiError';
  readonly code = 'ERR_WALDUR_API';
  readonly status: number;
  /** Parsed JSON body when the response was JSON, else the text. */
  readonly body: unknown;
  readonly method: string;
  readonly url: string;
  /** The answer's `Retry-After` in ms (0 without one): the least a retry should wait (503 under overload). */
  readonly retryAfterMs: number;

  constructor(method: string, url: string, status: number, body: unknown, retryAfterMs = 0) {
    super(`${method} ${url} failed with HTTP ${String(status)}: ${summarize(body)}`);
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS, timeout). */
export class WaldurTransportError extends Error {
  override readonly name = 'WaldurTransportError';
  readonly code = 'ERR_WALDUR_TRANSPORT';
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    super(`${method} ${url} failed: ${describeCause(cause)}`, { cause });
    this.method = method;
    this.url = url;
  }
}

/** Waldur answered 2xx with a body that does not match the expected schema. */
export class WaldurResponseError extends Error {
  override readonly name = 'WaldurResponseError';
  readonly code = 'ERR_WALDUR_RESPONSE';
  readonly method: string;
  readonly url: string;

  constructor(method: string, url: string, detail: string, cause?: unknown) {
    super(`${method} ${url}: unexpected response: ${detail}`, cause === undefined ? undefined : { cause });
    this.method = method;
    this.url = url;
  }
}

/** OIDC client-credentials token could not be obtained. */
export class WaldurAuthError extends Error {
  override readonly name = 'WaldurAuthError';
  readonly code = 'ERR_WALDUR_AUTH';

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Real agent's `_is_transient_waldur_api_error`: transport error, HTTP >= 500, or 429. */
export function isTransientWaldurError(err: unknown): boolean {
  if (err instanceof WaldurTransportError) return true;
  if (err instanceof WaldurApiError) return isTransientStatus(err.status);
  return false;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof WaldurApiError && err.status === 404;
}

function summarize(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
