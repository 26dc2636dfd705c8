// Field types of Waldur REST bodies as py-client's generated from_dict parses them:
// UUID(...) for UUIDs (Waldur prints 32 hex), dateutil isoparse for datetimes, plain str for URLs.
import { z } from 'zod';
import { hexUuidSchema, toHex } from '../hex-uuid.js';

export { hexUuidSchema };

/** DRF datetime as Waldur renders it: ISO 8601 with offset or Z, e.g. 2026-01-02T03:04:05.123456Z. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
/** DRF date, e.g. 2026-12-31. */
export const isoDateSchema = z.iso.date();
/** Absolute http(s) URL, as DRF hyperlinked fields render them. */
export const absoluteUrlSchema = z.url({ protocol: /^https?$/, error: 'Expected an absolute http(s) URL' });
/** Free-form JSON object. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());
/** Component name -> amount, as in order/resource `limits`. */
export const limitsSchema = z.record(z.string(), z.number());

/** A UUID in a request body: DRF's UUIDField takes hex or dashed, any case; parsed to 32 lowercase hex. */
export const uuidInputSchema = z
  .string()
  .regex(
    /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    {
      error: 'Must be a valid UUID.',
    },
  )
  .transform((value) => toHex(value));
