import { userSchema } from '@waldur-sim/protocol';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OidcClientCredentialsAuth, StaticTokenAuth } from './auth.js';
import { WaldurHttpClient, apiBaseUrl, type FetchLike } from './http-client.js';
import { nextLink } from './link-header.js';
import {
  WaldurApiError,
  WaldurResponseError,
  WaldurTransportError,
  isTransientWaldurError,
} from './waldur-errors.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function fakeFetch(responses: (Response | Error | ((s: Seen) => Response))[]): {
  fetch: FetchLike;
  seen: Seen[];
} {
  const seen: Seen[] = [];
  const fetchFn: FetchLike = (url, init) => {
    const s: Seen = {
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    };
    seen.push(s);
    const next = responses.shift();
    if (next === undefined) throw new Error(`unexpected request ${url}`);
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(typeof next === 'function' ? next(s) : next);
  };
  return { fetch: fetchFn, seen };
}

function client(responses: Parameters<typeof fakeFetch>[0], maxAttempts = 4) {
  const { fetch, seen } = fakeFetch(responses);
  const sleeps: number[] = [];
  const http = new WaldurHttpClient({
    apiUrl: 'https://waldur.example.com/api/',
    auth: new StaticTokenAuth('secret-token'),
    userAgent: 'waldur-site-agent-event_process/0.1.0',
    fetch,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 1,
    retry: { maxAttempts, initialDelayMs: 100, maxDelayMs: 1000 },
  });
  return { http, seen, sleeps };
}

const USER = {
  url: 'https://waldur.example.com/api/users/u/',
  uuid: 'a'.repeat(32),
  username: 'agent',
  full_name: 'Agent',
  email: 'a@example.com',
  is_staff: false,
  is_active: true,
  is_support: false,
};

describe('apiBaseUrl', () => {
  it.each([
    ['https://x.example/api/', 'https://x.example/api/'],
    ['https://x.example/api', 'https://x.example/api/'],
    ['https://x.example/', 'https://x.example/api/'],
    // The real agent's rstrip("/api") would mangle this one to https://x.example/w
    ['https://x.example/wapi/', 'https://x.example/wapi/api/'],
  ])('%s -> %s', (input, expected) => {
    expect(apiBaseUrl(input)).toBe(expected);
  });
});

describe('WaldurHttpClient', () => {
  it('sends the token, the agent User-Agent and JSON, and validates the response', async () => {
    const { http, seen } = client([json(USER)]);
    const user = await http.post('users/me/', { a: 1 }, { schema: userSchema });
    expect(user.uuid).toBe('a'.repeat(32));
    expect(seen[0]).toMatchObject({
      url: 'https://waldur.example.com/api/users/me/',
      method: 'POST',
      body: '{"a":1}',
      headers: {
        Authorization: 'Token secret-token',
        'User-Agent': 'waldur-site-agent-event_process/0.1.0',
        'Content-Type': 'application/json',
      },
    });
  });

  it('repeats field= for field selection', async () => {
    const { http, seen } = client([json({ uuid: 'x', state: 'done' })]);
    await http.get('marketplace-orders/abc/', { query: { field: ['uuid', 'state'] } });
    expect(seen[0]?.url).toBe(
      'https://waldur.example.com/api/marketplace-orders/abc/?field=uuid&field=state',
    );
  });

  it('lists with page_size=100 and follows Link rel="next" until it is absent', async () => {
    const item = z.object({ n: z.number() });
    const { http, seen } = client([
      json([{ n: 1 }, { n: 2 }], 200, {
        link: '<https://waldur.example.com/api/things/?page=2&page_size=100>; rel="next", <https://waldur.example.com/api/things/?page=1>; rel="first"',
      }),
      json([{ n: 3 }], 200, { link: '<https://waldur.example.com/api/things/?page=1>; rel="prev"' }),
    ]);
    const items = await http.list('things/', item, { state: ['OK', 'Erred'] });
    expect(items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(seen.map((s) => s.url)).toEqual([
      'https://waldur.example.com/api/things/?page_size=100&state=OK&state=Erred',
      'https://waldur.example.com/api/things/?page=2&page_size=100',
    ]);
  });

  it('retries 5xx, 429 and transport errors with capped exponential backoff', async () => {
    const { http, seen, sleeps } = client(
      [json({}, 502), json({}, 429), new TypeError('fetch failed'), json({}, 503), json(USER)],
      5,
    );
    await expect(http.get('users/me/', { schema: userSchema })).resolves.toMatchObject({ username: 'agent' });
    expect(seen).toHaveLength(5);
    expect(sleeps).toEqual([100, 200, 400, 800]);
  });

  it('honours Retry-After on 429', async () => {
    const { http, sleeps } = client([json({}, 429, { 'retry-after': '3' }), json(USER)]);
    await http.get('users/me/');
    expect(sleeps).toEqual([3000]);
  });

  it('gives up after maxAttempts with a typed error', async () => {
    const { http, seen } = client([json({ detail: 'down' }, 500), json({ detail: 'down' }, 500)], 2);
    const err = await http.get('users/me/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaldurApiError);
    expect(err).toMatchObject({
      status: 500,
      code: 'ERR_WALDUR_API',
      body: { detail: 'down' },
      method: 'GET',
    });
    expect(isTransientWaldurError(err)).toBe(true);
    expect(seen).toHaveLength(2);
  });

  it('does not retry other 4xx', async () => {
    const { http, seen } = client([json({ detail: 'Invalid state' }, 400)]);
    const err = await http.post('marketplace-orders/x/approve_by_provider/').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, body: { detail: 'Invalid state' } });
    expect(isTransientWaldurError(err)).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('wraps transport failures in WaldurTransportError with the cause', async () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    const { http } = client([cause], 1);
    const err = await http.get('users/me/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaldurTransportError);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect((err as Error).cause).toBe(cause);
  });

  it('raises WaldurResponseError when a 2xx body breaks the schema', async () => {
    const { http } = client([json({ uuid: 'nope' })]);
    await expect(http.get('users/me/', { schema: userSchema })).rejects.toBeInstanceOf(WaldurResponseError);
  });

  it('fetches a fresh OIDC token once after a 401', async () => {
    let n = 0;
    const tokenFetch = (): Promise<Response> => {
      n += 1;
      return Promise.resolve(json({ access_token: `jwt-${String(n)}`, expires_in: 3600 }));
    };
    const { fetch, seen } = fakeFetch([json({}, 401), json(USER)]);
    const http = new WaldurHttpClient({
      apiUrl: 'https://w/api/',
      auth: new OidcClientCredentialsAuth({
        tokenUrl: 'https://idp/token',
        clientId: 'c',
        clientSecret: 's',
        fetch: tokenFetch,
      }),
      userAgent: 'ua',
      fetch,
    });
    await http.get('users/me/');
    expect(seen.map((s) => s.headers.Authorization)).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
  });
});

describe('nextLink', () => {
  it.each([
    [null, null],
    ['', null],
    ['<https://a/?page=2>; rel="next"', 'https://a/?page=2'],
    ['<https://a/?page=1>; rel="prev", <https://a/?page=3>; rel=next', 'https://a/?page=3'],
    ['<https://a/?page=1>; rel="first"', null],
  ])('%s -> %s', (header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
