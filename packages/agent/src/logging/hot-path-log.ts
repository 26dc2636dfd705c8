// Per-message logging without pino's generic redaction, which cost about 6 µs of the ~16 µs the agent spends on
// a message (docs/agent.md#consumer-hot-path). The hot-path line carries only primitives and one payload object
// at depth 1, so redacting that object's own secret keys is what the wildcard paths `*.<key>` would do to it.

import type { Logger } from 'pino';

/** Keys whose values never reach a log (pino redacts `*.<key>` on every record; see logger.ts). */
export const SECRET_KEYS = ['waldur_api_token', 'passcode', 'oidc_client_secret'] as const;

/** A child logger with no redaction paths: only for records built with {@link redactSecrets}. */
export function unredactedLogger(log: Logger): Logger {
  return log.child({}, { redact: { paths: [] } });
}

/** The object itself when it has no secret key, else a shallow copy with those values censored. */
export function redactSecrets<T extends object>(value: T): T {
  if (!SECRET_KEYS.some((k) => Object.hasOwn(value, k))) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k of SECRET_KEYS) if (Object.hasOwn(copy, k)) copy[k] = '***';
  return copy as T;
}
