// Wire formatting shared by all serializers: DRF datetimes/dates, names, JSON columns.
import type { Prisma } from '../../generated/prisma/client.js';

/** ISO 8601 with a Z offset (py-client isoparse accepts it). */
export function isoDateTime(date: Date): string {
  return date.toISOString();
}

export function isoDateTimeOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** A `@db.Date` column as YYYY-MM-DD. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fullName(user: { readonly firstName: string; readonly lastName: string }): string {
  return [user.firstName, user.lastName].filter((p) => p !== '').join(' ');
}

/** A JSON column expected to hold an object; anything else reads as `{}`. */
export function jsonObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function jsonArray(value: Prisma.JsonValue): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `limits` JSON as component -> number (non-numeric values are dropped). */
export function limitsObject(value: Prisma.JsonValue): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, amount] of Object.entries(jsonObject(value))) {
    if (typeof amount === 'number' && Number.isFinite(amount)) out[key] = amount;
  }
  return out;
}

/** Slug Waldur-style: lowercase words joined by '-', plus a short id suffix for uniqueness. */
export function slugFor(name: string, id: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${words === '' ? 'item' : words.slice(0, 40)}-${id.slice(0, 4)}`;
}
