// Turns zod issues into short "field: problem" lines, so a rejected message names the field that broke it.
import type { z } from 'zod';
import type { ProtocolIssue } from './protocol-error.js';

type Issue = z.core.$ZodIssue;

function pathToString(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${String(p)}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Flattens issues; for a failed union it reports the branch that came closest (fewest issues, first on ties). */
function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[]): ProtocolIssue[] {
  const out: ProtocolIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      let best: readonly Issue[] | undefined;
      for (const branch of issue.errors) {
        if (best === undefined || branch.length < best.length) best = branch;
      }
      out.push(...flatten(best ?? [], path));
      continue;
    }
    out.push({ path: pathToString(path), message: issue.message });
  }
  return out;
}

export function zodIssues(error: z.ZodError): ProtocolIssue[] {
  return flatten(error.issues, []);
}

/** "order_state: Invalid option ...; order_uuid: Invalid input: expected string, received undefined" */
export function describeIssues(issues: readonly ProtocolIssue[]): string {
  return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
}
