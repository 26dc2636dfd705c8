// Waldur's LinkHeaderPagination: `page`/`page_size` in, an RFC 5988 `Link` header (first/prev/next/last) and
// `X-Result-Count` out, body = a bare JSON array. The generated Python client follows rel="next" with `page`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidPageError } from './errors.js';
import { queryOne, type RawQuery } from './query.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 300;

export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
  readonly skip: number;
  readonly take: number;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

export function pageRequest(query: RawQuery): PageRequest {
  const pageSize = Math.min(positiveInt(queryOne(query, 'page_size')) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const rawPage = queryOne(query, 'page');
  let page = 1;
  if (rawPage !== undefined && rawPage !== 'last') {
    const parsed = positiveInt(rawPage);
    if (parsed === undefined) throw new InvalidPageError();
    page = parsed;
  }
  return { page, pageSize, skip: (page - 1) * pageSize, take: pageSize };
}

function pageUrl(baseUrl: string, request: FastifyRequest, page: number): string {
  const [path = '/', search = ''] = request.url.split('?', 2);
  const params = new URLSearchParams(search);
  params.set('page', String(page));
  return `${baseUrl}${path}?${params.toString()}`;
}

/** Last page number for `total` items (1 for an empty list). */
export function lastPage(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Sets Link and X-Result-Count. A page past the end is DRF's 404 "Invalid page."; `page=last` is resolved by
 * the caller through {@link resolvePage}.
 */
export function setPageHeaders(reply: FastifyReply, baseUrl: string, page: PageRequest, total: number): void {
  const last = lastPage(total, page.pageSize);
  const links: [number, string][] = [[1, 'first']];
  if (page.page > 1) links.push([page.page - 1, 'prev']);
  if (page.page < last) links.push([page.page + 1, 'next']);
  links.push([last, 'last']);
  const request = reply.request;
  reply.header('Link', links.map(([n, rel]) => `<${pageUrl(baseUrl, request, n)}>; rel="${rel}"`).join(', '));
  reply.header('X-Result-Count', String(total));
}

/** Applies `page=last` and rejects pages beyond the end (404 "Invalid page."). */
export function resolvePage(query: RawQuery, page: PageRequest, total: number): PageRequest {
  const last = lastPage(total, page.pageSize);
  const wanted = queryOne(query, 'page') === 'last' ? last : page.page;
  if (wanted > last) throw new InvalidPageError();
  return { ...page, page: wanted, skip: (wanted - 1) * page.pageSize };
}
