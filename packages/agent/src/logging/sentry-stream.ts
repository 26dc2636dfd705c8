// Optional Sentry reporting without the Sentry SDK: ERROR and higher pino records are sent as Sentry events over
// the documented envelope endpoint (one small fetch per event, bounded in flight, never blocking logging). Secrets
// are redacted the way the real agent's before_breadcrumb does (token/password/api_key/secret_key values).
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { AGENT_VERSION } from '../version.js';

export interface SentryDsn {
  envelopeUrl: string;
  publicKey: string;
}

/** `https://<key>@<host>[/<path>]/<project>` -> envelope URL and key. Throws on anything else. */
export function parseSentryDsn(dsn: string): SentryDsn {
  const url = new URL(dsn);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const project = parts.pop();
  if (url.username === '' || project === undefined || !/^\d+$/.test(project)) {
    throw new Error('sentry_dsn must look like https://<public_key>@<host>/<project_id>');
  }
  const prefix = parts.length > 0 ? `/${parts.join('/')}` : '';
  return {
    envelopeUrl: `${url.protocol}//${url.host}${prefix}/api/${project}/envelope/`,
    publicKey: url.username,
  };
}

const SECRET_KEY = /(token|password|passcode|secret[-_]?key|api[-_]?key|apikey|client_secret)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string')
    return value.replace(/((?:token|password|secret_key|api_key)=)[^&\s]+/gi, '$1***');
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '***' : redact(v, depth + 1)]),
    );
  }
  return value;
}

const PINO_LEVELS: Record<number, string> = { 50: 'error', 60: 'fatal' };

/** Builds a Sentry event from one pino JSON line. */
export function sentryEvent(record: Record<string, unknown>, now: number): Record<string, unknown> {
  const { msg, level, time: _t, pid: _p, hostname: _h, name, err, ...extra } = record;
  const error = err as { type?: string; message?: string; stack?: string } | undefined;
  const event: Record<string, unknown> = {
    event_id: randomBytes(16).toString('hex'),
    timestamp: now / 1000,
    platform: 'node',
    level: PINO_LEVELS[Number(level)] ?? 'error',
    logger: typeof name === 'string' ? name : 'waldur-site-agent',
    release: `waldur-site-agent@${AGENT_VERSION}`,
    message: { formatted: typeof msg === 'string' ? msg : '' },
    extra: redact(extra),
    // Group by logger + message like the real agent's fingerprint [logger_name, normalized message].
    fingerprint: [typeof name === 'string' ? name : 'waldur-site-agent', typeof msg === 'string' ? msg : ''],
  };
  if (error?.message !== undefined) {
    event.exception = { values: [{ type: error.type ?? 'Error', value: String(redact(error.message)) }] };
  }
  return event;
}

export interface SentryStreamOptions {
  dsn: string;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  now?: () => number;
  maxInFlight?: number;
}

/** A pino destination: feed it with `pino.multistream([..., { level: 'error', stream }])`. */
export function createSentryStream(options: SentryStreamOptions): Writable & { flush(): Promise<void> } {
  const dsn = parseSentryDsn(options.dsn);
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? Date.now;
  const maxInFlight = options.maxInFlight ?? 20;
  const inFlight = new Set<Promise<void>>();
  const auth = `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=waldur-site-agent-ts/${AGENT_VERSION}`;
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      done();
      if (inFlight.size >= maxInFlight) return;
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(chunk.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      if (Number(record.level) < 50) return;
      const event = sentryEvent(record, now());
      const body = `${JSON.stringify({ event_id: event.event_id, sent_at: new Date(now()).toISOString() })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`;
      const p = fetchFn(dsn.envelopeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': auth },
        body,
      })
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
  });
  return Object.assign(stream, {
    async flush(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
  });
}
