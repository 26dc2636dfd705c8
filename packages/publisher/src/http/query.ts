// Reading Django-style query strings: repeated keys (`state=a&state=b`), last-value-wins singles, and UUID
// filters that answer 400 like django-filter ("Enter a valid UUID.") instead of silently matching nothing.
import { toHex } from '@waldur-sim/protocol';
import { FieldValidationError, NotFoundError } from './errors.js';
import { checkDateRange } from './input-limits.js';

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export function queryAll(query: RawQuery, key: string): string[] {
  const value = query[key];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** Django's QueryDict.get: the last value of a repeated key; empty strings count as absent. */
export function queryOne(query: RawQuery, key: string): string | undefined {
  const values = queryAll(query, key);
  const last = values[values.length - 1];
  return last === undefined || last === '' ? undefined : last;
}

export function queryUuid(query: RawQuery, key: string): string | undefined {
  const value = queryOne(query, key);
  if (value === undefined) return undefined;
  try {
    return toHex(value);
  } catch (cause) {
    throw new FieldValidationError({ [key]: ['Enter a valid UUID.'] }, { cause });
  }
}

export function queryBoolean(query: RawQuery, key: string): boolean | undefined {
  const value = queryOne(query, key)?.toLowerCase();
  if (value === undefined) return undefined;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new FieldValidationError({ [key]: ['Select a valid choice.'] });
}

export function queryDateTime(query: RawQuery, key: string): Date | undefined {
  const value = queryOne(query, key);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new FieldValidationError({ [key]: ['Enter a valid date/time.'] });
  return checkDateRange(date, key);
}

/** A `YYYY-MM-DD` filter (a longer ISO value is cut to its date), as UTC midnight within years 1..9999. */
export function queryDate(query: RawQuery, key: string): Date | undefined {
  const value = queryOne(query, key);
  if (value === undefined) return undefined;
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.slice(0, 10)) || Number.isNaN(date.getTime()))
    throw FieldValidationError.field(key, 'Enter a valid date.');
  return checkDateRange(date, key);
}

/** A UUID path segment (32-hex or dashed) as 32 lowercase hex; anything else is a 404 like Waldur's URL patterns. */
export function pathUuid(value: string): string {
  try {
    return toHex(value);
  } catch (cause) {
    throw new NotFoundError({ cause });
  }
}
