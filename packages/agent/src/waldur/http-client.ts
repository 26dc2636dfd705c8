// Low-level Waldur REST transport: auth + User-Agent headers, JSON, `page_size=100` + `Link rel="next"` pagination,
// repeated `field=` selection, and retries of transient failures (transport, 5xx, 429) with capped exponential
// backoff + full jitter. Responses are validated with the protocol's zod schemas by the caller-supplied schema.
import type { Logger } from 'pino';
import type { z } from 'zod';
import { backoffDelay, realSleep, type Sleep } from '../util/backoff.js';
import type { AuthProvider } from './auth.js';
import { nextLink } from './link-header.js';
import {
  WaldurApiError,
  WaldurResponseError,
  WaldurTransportError,
  isTransientStatus,
} from './waldur-errors.js';

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpRetryOptions {
  /** Total tries including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_HTTP_RETRY: HttpRetryOptions = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
});

export interface WaldurHttpClientOptions {
  /** `waldur_api_url` from the config, e.g. https://waldur.example.com/api/ */
  apiUrl: string;
  auth: AuthProvider;
  /** `waldur-site-agent-<mode>/<version>` */
  userAgent: string;
  fetch?: FetchLike;
  sleep?: Sleep;
  random?: () => number;
  retry?: Partial<HttpRetryOptions>;
  /** Per-request timeout, ms (default 120 000). */
  timeoutMs?: number;
  log?: Pick<Logger, 'warn' | 'debug'>;
}

export interface RequestOptions<T> {
  query?: Query;
  body?: unknown;
  schema?: z.ZodType<T>;
}

/**
 * Base URL ending in `/api/`. Fixes the real agent's `rstrip("/api")` (docs/agent.md#quirk-base-url-mangling): only one trailing
 * `/api` path segment is removed, never arbitrary trailing `/`, `a`, `p`, `i` characters.
 */
export function apiBaseUrl(apiUrl: string): string {
  let base = apiUrl.replace(/\/+$/, '');
  if (base.endsWith('/api')) base = base.slice(0, -'/api'.length);
  return `${base}/api/`;
}

export function appendQuery(url: URL, query: Query | undefined): void {
  if (query === undefined) return;
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values: readonly QueryScalar[] = Array.isArray(value)
      ? (value as readonly QueryScalar[])
      : [value as QueryScalar];
    for (const v of values) url.searchParams.append(key, String(v));
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function retryAfterMs(response: Response): number {
  const value = response.headers.get('retry-after');
  if (value === null) return 0;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

export class WaldurHttpClient {
  readonly baseUrl: string;
  private readonly auth: AuthProvider;
  private readonly userAgent: string;
  private readonly fetchFn: FetchLike;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly retry: HttpRetryOptions;
  private readonly timeoutMs: number;
  private readonly log: Pick<Logger, 'warn' | 'debug'> | undefined;

  constructor(options: WaldurHttpClientOptions) {
    this.baseUrl = apiBaseUrl(options.apiUrl);
    this.auth = options.auth;
    this.userAgent = options.userAgent;
    this.fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_HTTP_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.log = options.log;
  }

  /** Absolute URL for a path relative to /api/ (leading slash and `api/` prefix tolerated). */
  url(path: string, query?: Query): URL {
    const relative = path.replace(/^\/+/, '').replace(/^api\//, '');
    const url = new URL(relative, this.baseUrl);
    appendQuery(url, query);
    return url;
  }

  get<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
    return this.request('GET', this.url(path, options.query).toString(), options);
  }

  post<T = unknown>(
    path: string,
    body: unknown = {},
    options: Omit<RequestOptions<T>, 'body'> = {},
  ): Promise<T> {
    return this.request('POST', this.url(path, options.query).toString(), { ...options, body });
  }

  put<T = unknown>(path: string, body: unknown, options: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
    return this.request('PUT', this.url(path, options.query).toString(), { ...options, body });
  }

  patch<T = unknown>(path: string, body: unknown, options: Omit<RequestOptions<T>, 'body'> = {}): Promise<T> {
    return this.request('PATCH', this.url(path, options.query).toString(), { ...options, body });
  }

  /** Every item of a paginated list: `page_size=100`, then `Link rel="next"` until absent. */
  async list<T>(path: string, itemSchema: z.ZodType<T>, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = this.url(path, { page_size: 100, ...query }).toString();
    let pages = 0;
    while (next !== null) {
      const { body, link } = await this.send('GET', next, undefined);
      if (!Array.isArray(body)) throw new WaldurResponseError('GET', next, 'expected a JSON array');
      for (const [i, raw] of body.entries()) {
        const parsed = itemSchema.safeParse(raw);
        if (!parsed.success) {
          throw new WaldurResponseError(
            'GET',
            next,
            `item ${String(i)}: ${parsed.error.message}`,
            parsed.error,
          );
        }
        items.push(parsed.data);
      }
      next = nextLink(link);
      pages += 1;
      if (pages > 10_000) throw new WaldurResponseError('GET', path, 'pagination does not end');
    }
    return items;
  }

  async request<T>(method: string, url: string, options: RequestOptions<T> = {}): Promise<T> {
    const { body } = await this.send(method, url, options.body);
    if (options.schema === undefined) return body as T;
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) throw new WaldurResponseError(method, url, parsed.error.message, parsed.error);
    return parsed.data;
  }

  private async send(
    method: string,
    url: string,
    body: unknown,
  ): Promise<{ body: unknown; link: string | null }> {
    let authRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      const headers: Record<string, string> = {
        Authorization: await this.auth.header(),
        'User-Agent': this.userAgent,
        Accept: 'application/json',
      };
      const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.timeoutMs) };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      let response: Response;
      try {
        response = await this.fetchFn(url, init);
      } catch (err) {
        const error = new WaldurTransportError(method, url, err);
        if (attempt >= this.retry.maxAttempts) throw error;
        await this.backoff(attempt, 0, error.message);
        continue;
      }
      if (response.ok) return { body: await readBody(response), link: response.headers.get('link') };
      const errorBody = await readBody(response);
      if (response.status === 401 && !authRetried) {
        // An expired OIDC token: fetch a new one once (no-op for static tokens, then the 401 stands).
        authRetried = true;
        this.auth.invalidate();
        if (!(await this.auth.header()).startsWith('Token ')) continue;
      }
      const error = new WaldurApiError(method, url, response.status, errorBody, retryAfterMs(response));
      if (!isTransientStatus(response.status) || attempt >= this.retry.maxAttempts) throw error;
      await this.backoff(attempt, error.retryAfterMs, error.message);
    }
  }

  private async backoff(attempt: number, minimumMs: number, reason: string): Promise<void> {
    const delay = Math.max(
      minimumMs,
      backoffDelay(
        { ...this.retry, multiplier: 2, jitter: 'full', jitterRatio: 0 },
        attempt - 1,
        this.random,
      ),
    );
    this.log?.warn({ attempt, delayMs: Math.round(delay), reason }, 'Waldur request failed, retrying');
    await this.sleep(Math.min(delay, this.retry.maxDelayMs * 6));
  }
}
