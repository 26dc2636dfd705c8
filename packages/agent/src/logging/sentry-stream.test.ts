import { describe, expect, it } from 'vitest';
import { createSentryStream, parseSentryDsn, redact } from './sentry-stream.js';

describe('parseSentryDsn', () => {
  it('derives the envelope endpoint and key', () => {
    expect(parseSentryDsn('https://abc123@o1.ingest.sentry.io/4506')).toEqual({
      envelopeUrl: 'https://o1.ingest.sentry.io/api/4506/envelope/',
      publicKey: 'abc123',
    });
    expect(parseSentryDsn('http://k@sentry.local:9000/prefix/7').envelopeUrl).toBe(
      'http://sentry.local:9000/prefix/api/7/envelope/',
    );
  });

  it('rejects a DSN without key or project', () => {
    expect(() => parseSentryDsn('https://sentry.io/1')).toThrow(/sentry_dsn must look like/);
  });
});

describe('createSentryStream', () => {
  it('sends ERROR records as envelopes with redacted secrets and ignores lower levels', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const stream = createSentryStream({
      dsn: 'https://pub@sentry.test/42',
      fetch: (url, init) => {
        sent.push({ url, init });
        return Promise.resolve(new Response(null, { status: 200 }));
      },
      now: () => 1_700_000_000_000,
    });
    stream.write(`${JSON.stringify({ level: 30, msg: 'info' })}\n`);
    stream.write(
      `${JSON.stringify({ level: 50, msg: 'Order failed', name: 'agent', waldur_api_token: 'tok', err: { type: 'BackendError', message: 'boom' } })}\n`,
    );
    await stream.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('https://sentry.test/api/42/envelope/');
    expect((sent[0]?.init.headers as Record<string, string>)['x-sentry-auth']).toContain('sentry_key=pub');
    const [, itemHeader, event] = (sent[0]?.init.body as string).trim().split('\n');
    expect(JSON.parse(itemHeader ?? '')).toEqual({ type: 'event' });
    expect(JSON.parse(event ?? '')).toMatchObject({
      level: 'error',
      message: { formatted: 'Order failed' },
      extra: { waldur_api_token: '***' },
      exception: { values: [{ type: 'BackendError', value: 'boom' }] },
      fingerprint: ['agent', 'Order failed'],
    });
  });

  it('redacts secrets in nested objects and query strings', () => {
    expect(redact({ a: { password: 'x', url: 'https://h/?token=abc&x=1' } })).toEqual({
      a: { password: '***', url: 'https://h/?token=***&x=1' },
    });
  });
});
