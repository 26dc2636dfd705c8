// The string forms the generated Python client converts (UUID(), isoparse, date.fromisoformat) and the hint
// formats Waldur's OpenAPI schema declares (uri, decimal). A value that fails here would raise in the client
// or is not what Waldur sends.

const HEX_UUID = /^[0-9a-f]{32}$/i;
const HYPHENATED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// dateutil's isoparse: a date, optionally T and a time with optional seconds, fraction and offset.
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Python's `uuid.UUID(str)` accepts both forms the agent and Waldur use. */
export function isUuidString(value: string): boolean {
  return HEX_UUID.test(value) || HYPHENATED_UUID.test(value);
}

/** Why `value` does not have `format`, or undefined when it does (or the format is not checked). */
export function formatProblem(format: string, value: string): string | undefined {
  switch (format) {
    case 'uuid':
      return isUuidString(value) ? undefined : `not a UUID: ${JSON.stringify(value)}`;
    case 'date-time':
      return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')))
        ? undefined
        : `not an ISO 8601 date-time: ${JSON.stringify(value)}`;
    case 'date':
      return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : `not an ISO 8601 date: ${JSON.stringify(value)}`;
    case 'uri':
      // Waldur's hyperlinked fields are absolute URLs; blank is allowed for optional links.
      return value === '' || URL.canParse(value)
        ? undefined
        : `not an absolute URL: ${JSON.stringify(value)}`;
    default:
      // `email` is a hint only (Waldur stores blanks); `decimal` is checked through its pattern.
      return undefined;
  }
}
