// Fetch-one helpers: an object the caller may not see is a 404 (Waldur filters querysets by user), a visible
// one the caller may not change is a 403 (checked by the routes).
import type { FastifyRequest } from 'fastify';
import { NotFoundError, PermissionDeniedError } from './errors.js';
import { pathUuid } from './query.js';

/** Path param `uuid` (32-hex or dashed) as hex, or 404. */
export function uuidParam(request: FastifyRequest): string {
  const params = request.params as { readonly uuid?: string };
  return pathUuid(params.uuid ?? '');
}

export function found<T>(row: T | null): T {
  if (row === null) throw new NotFoundError();
  return row;
}

export function allow(permitted: boolean): void {
  if (!permitted) throw new PermissionDeniedError();
}
