// One list pipeline for every collection: count, resolve the page, fetch, serialize, narrow with `field=`,
// and set Waldur's pagination headers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestedFields, selectFields } from './field-selection.js';
import { pageRequest, resolvePage, setPageHeaders, type PageRequest } from './pagination.js';
import type { RawQuery } from './query.js';

export interface ListSpec<T> {
  readonly count: () => Promise<number>;
  readonly fetch: (page: { readonly skip: number; readonly take: number }) => Promise<readonly T[]>;
  readonly serialize: (item: T) => Record<string, unknown>;
}

export async function sendList<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  baseUrl: string,
  spec: ListSpec<T>,
): Promise<Record<string, unknown>[]> {
  const query = request.query as RawQuery;
  const requested: PageRequest = pageRequest(query);
  const total = await spec.count();
  const page = resolvePage(query, requested, total);
  const rows = total === 0 ? [] : await spec.fetch({ skip: page.skip, take: page.take });
  setPageHeaders(reply, baseUrl, page, total);
  const fields = requestedFields(query);
  return rows.map((row) => selectFields(spec.serialize(row), fields));
}

/** A retrieved object narrowed by `field=`. */
export function sendOne(request: FastifyRequest, item: Record<string, unknown>): Record<string, unknown> {
  return selectFields(item, requestedFields(request.query as RawQuery));
}
