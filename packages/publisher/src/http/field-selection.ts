// Waldur's RestrictedSerializerMixin: `?field=a&field=b` keeps only those keys (serializer order; unknown names
// are ignored), on lists and on single objects alike.
import { queryAll, type RawQuery } from './query.js';

export function requestedFields(query: RawQuery): readonly string[] {
  return queryAll(query, 'field').filter((f) => f !== '');
}

export function selectFields<T extends Record<string, unknown>>(
  item: T,
  fields: readonly string[],
): Partial<T> {
  if (fields.length === 0) return item;
  const wanted = new Set(fields);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) if (wanted.has(key)) out[key] = value;
  return out as Partial<T>;
}
