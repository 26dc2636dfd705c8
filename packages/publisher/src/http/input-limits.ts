// What PostgreSQL (and Waldur's Python) can store, checked before a value reaches the database: text without NUL
// or lone UTF-16 surrogates, JSON nested at most MAX_JSON_DEPTH levels (deeper trees overflow Prisma's and
// PostgreSQL's recursive encoders), dates in Python's year range 1..9999, and usage amounts that fit the
// Decimal(20, 6) column. Each check answers DRF's wording so a rejected value is a 400, never a 500.
import { z } from 'zod';
import { FieldValidationError } from './errors.js';

/** Deepest nesting of objects/arrays accepted in any JSON body or free-form field. */
export const MAX_JSON_DEPTH = 32;
/** Integer digits of the usage column (Decimal(20, 6)). */
export const MAX_USAGE_INTEGER_DIGITS = 14;

export const NUL_MESSAGE = 'Null characters are not allowed.';
export const DEPTH_MESSAGE = `Nesting deeper than ${String(MAX_JSON_DEPTH)} levels is not allowed.`;
export const DATE_RANGE_MESSAGE = 'Date is out of range (years 1 to 9999).';

/** DRF's ProhibitSurrogateCharactersValidator text for the first lone surrogate, or null. */
function loneSurrogate(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (c < 0xdc00 || c > 0xdfff) continue;
    return `Surrogate characters are not allowed: U+${c.toString(16).toUpperCase()}.`;
  }
  return null;
}

/** Why PostgreSQL cannot store `text`, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  return loneSurrogate(text);
}

/**
 * The first value of a JSON tree (keys included) that cannot be stored: its DRF-style field path and message.
 * Iterative, so a hostile depth cannot overflow this check's own stack.
 */
export function findUnstorable(root: unknown): { path: string; message: string } | null {
  const stack: { value: unknown; path: readonly string[]; depth: number }[] = [
    { value: root, path: [], depth: 0 },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path, depth } = item;
    const where = path.length === 0 ? 'non_field_errors' : path.join('.');
    if (typeof value === 'string') {
      const why = unstorableText(value);
      if (why !== null) return { path: where, message: why };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { path: where, message: DEPTH_MESSAGE };
    const entries = Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [String(i), v])
      : Object.entries(value as Record<string, unknown>);
    for (const [key, child] of entries) {
      const why = unstorableText(key);
      if (why !== null) return { path: where, message: why };
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/** Throws a 400 naming the first unstorable value of `value` (a body, a query string or path parameters). */
export function assertStorable(value: unknown): void {
  const bad = findUnstorable(value);
  if (bad !== null) throw FieldValidationError.field(bad.path, bad.message);
}

// Date.UTC maps years 0..99 to 1900..1999, so the lower bound is built with setUTCFullYear.
const MIN_DATE_MS = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(1);
const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * True when `date` is valid and, in UTC, within Python's datetime range (what Waldur holds; Prisma writes other
 * years as `0000-…` or `+010000-…`, which PostgreSQL refuses).
 */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return !Number.isNaN(ms) && ms >= MIN_DATE_MS && ms <= MAX_DATE_MS;
}

/** Throws a 400 on `field` when `date` is outside years 1..9999. */
export function checkDateRange(date: Date, field: string): Date {
  if (!isStorableDate(date)) throw FieldValidationError.field(field, DATE_RANGE_MESSAGE);
  return date;
}

/** An ISO 8601 date-time with offset whose year is within 1..9999. */
export const storableDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((v) => isStorableDate(new Date(v)), { error: DATE_RANGE_MESSAGE });

/** An ISO 8601 date (`YYYY-MM-DD`) whose year is within 1..9999. */
export const storableDateSchema = z.iso
  .date()
  .refine((v) => isStorableDate(new Date(`${v}T00:00:00Z`)), { error: DATE_RANGE_MESSAGE });

const MAX_USAGE = 10 ** MAX_USAGE_INTEGER_DIGITS;
const NEGATIVE_MESSAGE = 'Ensure this value is greater than or equal to 0.';
const TOO_MANY_DIGITS = `Ensure that there are no more than ${String(MAX_USAGE_INTEGER_DIGITS)} digits before the decimal point.`;

/** Why `value` is not a usage amount DRF's DecimalField would accept (>= 0, 14 integer digits), or null. */
export function usageAmountProblem(value: number | string): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'A valid number is required.';
    if (value < 0) return NEGATIVE_MESSAGE;
    return value < MAX_USAGE ? null : TOO_MANY_DIGITS;
  }
  const match = /^(-?)(\d+)(?:\.\d+)?$/.exec(value);
  if (match === null) return 'A valid number is required.';
  const digits = (match[2] ?? '').replace(/^0+/, '');
  if (match[1] === '-' && /[1-9]/.test(value)) return NEGATIVE_MESSAGE;
  return digits.length <= MAX_USAGE_INTEGER_DIGITS ? null : TOO_MANY_DIGITS;
}

/** A usage amount as DRF's DecimalField reads it: a number or a numeric string. */
export const usageAmountSchema = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  const why = usageAmountProblem(value);
  if (why !== null) ctx.addIssue({ code: 'custom', message: why });
});
