import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { SECRET_KEYS } from './hot-path-log.js';
import { ProcessingLine, type ProcessingFields } from './processing-line.js';

const FIELDS: ProcessingFields = {
  objectType: 'order',
  messageKey: 'id:"quoted"\\key',
  redelivered: true,
  previousFailures: 2,
};

function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, sink };
}

/** The agent's logger shape (logger.ts), with a fixed clock so two lines can be compared. */
function agentLike(sink: Writable, options: pino.LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'waldur-site-agent',
      timestamp: () => ',"time":42',
      redact: { paths: SECRET_KEYS.map((k) => `*.${k}`), censor: '***' },
      ...options,
    },
    sink,
  ).child({ offering: 'o "1"', queue: 'q' });
}

/** What pino itself writes for the record. */
function pinoLine(log: Logger, value: object): string {
  const { lines, sink } = capture();
  const same = pino({ name: 'waldur-site-agent', timestamp: () => ',"time":42' }, sink).child(log.bindings());
  same.info({ ...FIELDS, payload: value }, 'Processing message');
  return lines.join('');
}

describe('ProcessingLine', () => {
  it('writes the line pino would write, embedding a safe body as is', () => {
    const { lines, sink } = capture();
    const log = agentLike(sink);
    const body = '{"order_uuid": "ab", "order_state": "done", "n": 1.0}';
    const value = JSON.parse(body) as object;
    new ProcessingLine(log).write(FIELDS, value, body);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).toContain(`"payload":${body},`);
    expect(line.endsWith('}\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(JSON.parse(pinoLine(log, value)));
  });

  it.each([
    ['a secret key', '{"order_uuid":"ab","passcode":"p"}'],
    ['an escape that could hide a key', '{"order_uuid":"ab","pass\\u0063ode":"p"}'],
    ['a newline', '{"order_uuid":"ab",\n"order_state":"done"}'],
  ])('re-serialises a body with %s, secrets censored', (_what, body) => {
    const { lines, sink } = capture();
    const log = agentLike(sink);
    const value = JSON.parse(body) as Record<string, unknown>;
    new ProcessingLine(log).write(FIELDS, value, body);
    const line = lines[0] ?? '';
    expect(line.split('\n')).toHaveLength(2);
    expect(line).not.toContain('"p"');
    const censored = { ...value, ...(Object.hasOwn(value, 'passcode') ? { passcode: '***' } : {}) };
    expect(JSON.parse(line)).toEqual(JSON.parse(pinoLine(log, censored)));
  });

  it('serialises the value when the body is not the parsed value (null body)', () => {
    const { lines, sink } = capture();
    const log = agentLike(sink);
    new ProcessingLine(log).write(FIELDS, { a: 1 }, null);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ payload: { a: 1 }, msg: 'Processing message' });
  });

  it('falls back to pino for a logger it can not reproduce (mixin), with the same record', () => {
    const { lines, sink } = capture();
    const log = agentLike(sink, { mixin: () => ({ extra: true }) });
    new ProcessingLine(log).write(FIELDS, { passcode: 'p' }, '{"passcode":"p"}');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      extra: true,
      messageKey: FIELDS.messageKey,
      payload: { passcode: '***' },
    });
  });

  it('writes nothing when INFO is disabled', () => {
    const { lines, sink } = capture();
    const log = agentLike(sink, { level: 'warn' });
    new ProcessingLine(log).write(FIELDS, { a: 1 }, '{"a":1}');
    expect(lines).toEqual([]);
  });
});
