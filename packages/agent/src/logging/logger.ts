// Structured JSON logs via pino; the config's Python level names map onto pino's. With `sentry_dsn` set, ERROR and
// higher records are also sent to Sentry (see sentry-stream.ts) — no SDK dependency.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config-schema.js';
import { SECRET_KEYS } from './hot-path-log.js';
import { createSentryStream } from './sentry-stream.js';
import { TickBatchedStream } from './tick-batched-stream.js';

const LEVELS: Record<LogLevel, pino.LevelWithSilent> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

export function pinoLevel(level: LogLevel): pino.LevelWithSilent {
  return LEVELS[level];
}

export interface LoggerOptions {
  level?: LogLevel;
  name?: string;
  destination?: DestinationStream;
  sentryDsn?: string | null;
  sentryFetch?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface AgentLogger {
  log: Logger;
  /** Waits for pending Sentry deliveries (call before exit). */
  flush: () => Promise<void>;
}

/** Standard output, one write per tick (tick-batched-stream.ts); what is pending is written when the process exits. */
function stdoutBatched(): DestinationStream {
  const stream = new TickBatchedStream(pino.destination(1));
  // Before sonic-boom's own exit handler, which writes out what it holds.
  process.prependListener('exit', stream.flush);
  return stream;
}

export function createLogger(options: LoggerOptions = {}): AgentLogger {
  const envLevel = process.env.WALDUR_SITE_AGENT_LOG_LEVEL;
  const level =
    envLevel !== undefined && envLevel !== '' ? envLevel.toLowerCase() : pinoLevel(options.level ?? 'INFO');
  const opts: pino.LoggerOptions = {
    name: options.name ?? 'waldur-site-agent',
    level,
    redact: {
      paths: [...SECRET_KEYS.map((k) => `*.${k}`), 'headers.Authorization'],
      censor: '***',
    },
  };
  const main: DestinationStream = options.destination ?? stdoutBatched();
  if (options.sentryDsn === undefined || options.sentryDsn === null || options.sentryDsn === '') {
    return { log: pino(opts, main), flush: () => Promise.resolve() };
  }
  const sentry = createSentryStream({
    dsn: options.sentryDsn,
    ...(options.sentryFetch === undefined ? {} : { fetch: options.sentryFetch }),
  });
  const log = pino(
    opts,
    pino.multistream([
      { level: level, stream: main },
      { level: 'error', stream: sentry },
    ]),
  );
  return { log, flush: () => sentry.flush() };
}
