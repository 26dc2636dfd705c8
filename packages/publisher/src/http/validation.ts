// Request-body and query validation with zod, reported the way Django REST framework does it
// ({"field": ["This field is required."]}), because Waldur clients and people read those bodies.
import type { z } from 'zod';
import { FieldValidationError, REQUIRED } from './errors.js';

type Issue = z.core.$ZodIssue;

function describe(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'dict';
  }
}

/** DRF's wording for one zod issue. */
export function drfMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return REQUIRED;
      if (issue.input === null) return 'This field may not be null.';
      switch (issue.expected) {
        case 'string':
          return 'Not a valid string.';
        case 'number':
        case 'int':
          return issue.expected === 'int' ? 'A valid integer is required.' : 'A valid number is required.';
        case 'boolean':
          return 'Must be a valid boolean.';
        case 'array':
          return `Expected a list of items but got type "${describe(issue.input)}".`;
        case 'object':
        case 'record':
          return `Expected a dictionary of items but got type "${describe(issue.input)}".`;
        default:
          return issue.message;
      }
    }
    case 'invalid_value':
      return `"${String(issue.input)}" is not a valid choice.`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? 'This field may not be blank.'
        : issue.message;
    default:
      return issue.message;
  }
}

/** Issues grouped under DRF keys: the dotted path, or `non_field_errors` for the root. */
export function toValidationBody(issues: readonly Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length === 0 ? 'non_field_errors' : issue.path.map(String).join('.');
    (out[key] ??= []).push(drfMessage(issue));
  }
  return out;
}

/** Parses a JSON body (missing body = `{}`), or throws a 400 FieldValidationError. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const input: unknown = body ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new FieldValidationError({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${describe(input)}.`],
    });
  }
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success)
    throw new FieldValidationError(toValidationBody(result.error.issues), { cause: result.error });
  return result.data;
}
