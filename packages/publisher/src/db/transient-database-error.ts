// Which database failures mean "overloaded or briefly unreachable, try again" rather than a bug: Prisma's
// P2028 (an interactive transaction could not start within maxWait, or expired), P2024 (pool timeout),
// P1001/P1002/P1017 (server unreachable / closed the connection), node-postgres' pool and connection
// timeouts, and PostgreSQL's too_many_connections / cannot_connect_now / lock or statement timeouts. The HTTP
// layer answers these with 503 + Retry-After (docs/guarantees.md#overload), never 500.

const TRANSIENT_PRISMA_CODES = new Set(['P2028', 'P2024', 'P1001', 'P1002', 'P1017']);

/** SQLSTATEs: too_many_connections, cannot_connect_now, lock_not_available, query_canceled (timeouts). */
const TRANSIENT_SQLSTATES = new Set(['53300', '57P03', '55P03', '57014']);

const TRANSIENT_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Unable to start a transaction in the given time/i,
  /Timed out fetching a new connection from the connection pool/i,
  /Connection terminated (unexpectedly|due to connection timeout)/i,
  /sorry, too many clients already/i,
];

function codeOf(error: object): unknown {
  return (error as { code?: unknown }).code;
}

/** True when `error`, or one of its causes, is a transient database failure. */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth += 1) {
    const code = codeOf(e);
    if (typeof code === 'string' && (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)))
      return true;
    // Driver-adapter errors carry the original SQLSTATE in `meta.driverAdapterError.cause.originalCode`.
    const original = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta
      ?.driverAdapterError?.cause?.originalCode;
    if (typeof original === 'string' && TRANSIENT_SQLSTATES.has(original)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((re) => re.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
