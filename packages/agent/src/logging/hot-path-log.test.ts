import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactSecrets, unredactedLogger } from './hot-path-log.js';

describe('redactSecrets', () => {
  it('returns the same object when nothing is secret', () => {
    const payload = { order_uuid: 'a', order_state: 'done' };
    expect(redactSecrets(payload)).toBe(payload);
  });

  it('censors secret keys in a copy', () => {
    const payload = { order_uuid: 'a', passcode: 'p', waldur_api_token: 't' };
    expect(redactSecrets(payload)).toEqual({ order_uuid: 'a', passcode: '***', waldur_api_token: '***' });
    expect(payload.passcode).toBe('p');
  });
});

describe('unredactedLogger', () => {
  it('logs the hot-path record with the payload redacted as the parent would', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ redact: { paths: ['*.passcode'], censor: '***' } }, sink);
    unredactedLogger(log).info({ payload: redactSecrets({ passcode: 'p', a: 1 }) }, 'hot');
    log.info({ payload: { passcode: 'p', a: 1 } }, 'cold');
    const [hot, cold] = lines.map((l) => (JSON.parse(l) as { payload: unknown }).payload);
    expect(hot).toEqual({ passcode: '***', a: 1 });
    expect(cold).toEqual(hot);
  });
});
