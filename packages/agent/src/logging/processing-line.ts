// The agent's one INFO record per delivered message ("Processing message"), built as a string instead of going
// through pino's generic serialiser: pino walks the record's keys, JSON-encodes the payload object again and copies
// it when redacting, about a third of the agent's own per-message CPU (docs/agent.md#consumer-hot-path). The line
// has the shape pino would write (same prefix, bindings and keys, parsed to the same object; processing-line.test.ts
// compares both), and embeds the delivered body as the payload when that is provably the same JSON value with no
// secret in it. Loggers this cannot reproduce (mixins, formatters, multistreams, a disabled level) use pino itself.
import { pino, type Logger } from 'pino';
import { redactSecrets, SECRET_KEYS, unredactedLogger } from './hot-path-log.js';

const MSG = 'Processing message';
const S = pino.symbols;
/** Present at run time, missing from pino's type declarations. */
const MSG_PREFIX = (pino.symbols as unknown as Readonly<Record<string, symbol | undefined>>).msgPrefixSym;
/** A body matching this can not be embedded: an escape could hide a secret key, a newline breaks the line. */
const UNSAFE_IN_BODY = new RegExp(['\\\\', '\\n', '\\r', ...SECRET_KEYS].join('|'));

/** The fields of the record besides the payload. */
export interface ProcessingFields {
  readonly objectType: string;
  readonly messageKey: string;
  readonly redelivered: boolean;
  readonly previousFailures: number;
}

/** The pino internals the direct line reproduces (pino's `write` and `asJson` for a plain record). */
interface PinoInternals {
  readonly levels: Readonly<Record<number, string>>;
  readonly time: () => string;
  readonly chindings: string;
  readonly end: string;
  readonly stream: { write(line: string): unknown };
}

function internalsOf(log: Logger): PinoInternals | null {
  const l = log as unknown as Record<symbol, unknown>;
  const stream = l[S.streamSym] as Record<symbol, unknown> & { write?: unknown };
  const formatters = l[S.formattersSym] as { log?: unknown } | undefined;
  const hooks = l[S.hooksSym] as { streamWrite?: unknown } | undefined;
  const stringifiers = l[S.stringifiersSym] as Record<string | symbol, unknown> | undefined;
  const serializers = l[S.serializersSym] as Record<string, unknown> | undefined;
  const plain =
    typeof stream.write === 'function' &&
    stream[S.needsMetadataGsym] !== true &&
    l[S.messageKeySym] === 'msg' &&
    !l[S.mixinSym] &&
    !l[S.nestedKeySym] &&
    (MSG_PREFIX === undefined || !l[MSG_PREFIX]) &&
    formatters?.log === undefined &&
    hooks?.streamWrite === undefined &&
    stringifiers !== undefined &&
    Object.keys(stringifiers).length === 0 &&
    stringifiers[S.wildcardFirstSym] === undefined &&
    serializers !== undefined &&
    ['objectType', 'messageKey', 'redelivered', 'payload', 'previousFailures', 'msg'].every(
      (k) => serializers[k] === undefined,
    );
  if (!plain) return null;
  return {
    levels: l[S.lsCacheSym] as Record<number, string>,
    time: l[S.timeSym] as () => string,
    chindings: l[S.chindingsSym] as string,
    end: l[S.endSym] as string,
    stream: stream as unknown as { write(line: string): unknown },
  };
}

export class ProcessingLine {
  /** Without wildcard redaction: the payload's secrets are censored here (redactSecrets). */
  private readonly fallback: Logger;
  private readonly direct: PinoInternals | null;
  private readonly levelValue: number;
  /** The line up to the time, and from the time up to the message key's value (for the last object type). */
  private readonly head: string;
  private objectType = '';
  private afterTime = '';

  constructor(log: Logger) {
    this.fallback = unredactedLogger(log);
    this.direct = internalsOf(this.fallback);
    this.levelValue = pino.levels.values.info ?? 30;
    this.head = this.direct?.levels[this.levelValue] ?? '';
  }

  /**
   * Logs "Processing message" with `fields` and the payload `value`. `body` is the delivered text when parsing it
   * gave exactly `value` (the hot-path check, no schema transform), else null.
   */
  write(fields: ProcessingFields, value: object, body: string | null): void {
    const log = this.fallback;
    if (log.levelVal > this.levelValue) return;
    const d = this.direct;
    if (d === null) {
      log.info(
        {
          objectType: fields.objectType,
          messageKey: fields.messageKey,
          redelivered: fields.redelivered,
          payload: redactSecrets(value),
          previousFailures: fields.previousFailures,
        },
        MSG,
      );
      return;
    }
    if (fields.objectType !== this.objectType) {
      this.objectType = fields.objectType;
      this.afterTime = `${d.chindings},"objectType":${JSON.stringify(fields.objectType)},"messageKey":`;
    }
    const payload = body !== null && !UNSAFE_IN_BODY.test(body) ? body : JSON.stringify(redactSecrets(value));
    d.stream.write(
      `${this.head}${d.time()}${this.afterTime}${JSON.stringify(fields.messageKey)},"redelivered":${String(fields.redelivered)},` +
        `"payload":${payload},"previousFailures":${String(fields.previousFailures)},"msg":"${MSG}"${d.end}`,
    );
  }
}
