// What `sacctmgr list|show` prints: the default columns of each entity (as sacctmgr's own defaults, with and
// without `withassoc`) and the shared tail that resolves `format=` and renders the rows.
import { renderTable } from '../print-fields.js';
import type { AssocCond } from './assoc-options.js';
import { type Field, type FieldId, fieldById, resolveFormat } from './fields.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

export function fields(ids: readonly (FieldId | [FieldId, number])[]): Field[] {
  return ids.map((x) => (Array.isArray(x) ? fieldById(x[0], x[1]) : fieldById(x)));
}

export const ASSOC_DEFAULT: FieldId[] = [
  'cluster',
  'account',
  'user',
  'partition',
  'share',
  'priority',
  'grpJobs',
  'grpTres',
  'grpSubmit',
  'grpWall',
  'grpTresMins',
  'maxJobs',
  'maxTres',
  'maxTresPerNode',
  'maxSubmit',
  'maxWall',
  'maxTresMins',
  'qos',
  'defQos',
  'grpTresRunMins',
];
export const ACCOUNT_WITH_ASSOC: FieldId[] = [
  'cluster',
  'parentName',
  'user',
  'share',
  'priority',
  'grpJobs',
  'grpTres',
  'grpSubmit',
  'grpWall',
  'grpTresMins',
  'maxJobs',
  'maxTres',
  'maxSubmit',
  'maxWall',
  'maxTresMins',
  'qos',
  'defQos',
];
export const USER_WITH_ASSOC: FieldId[] = [
  'cluster',
  'account',
  'partition',
  'share',
  'priority',
  'maxJobs',
  'maxTres',
  'maxSubmit',
  'maxWall',
  'maxTresMins',
  'qos',
  'defQos',
];
export const QOS_DEFAULT: (FieldId | [FieldId, number])[] = [
  'name',
  'priority',
  'graceTime',
  'preempt',
  'preemptExempt',
  'preemptMode',
  ['flags', 40],
  'usageThres',
  'usageFactor',
  'grpTres',
  'grpTresMins',
  'grpTresRunMins',
  'grpJobs',
  'grpSubmit',
  'grpWall',
  'maxTres',
  'maxTresPerNode',
  'maxTresMins',
  'maxWall',
  'maxTresPU',
  'maxJobsPU',
  'maxSubmitPU',
  'maxTresPA',
  'maxJobsPA',
  'maxSubmitPA',
  'minTres',
];
export const CLUSTER_DEFAULT: FieldId[] = [
  'cluster',
  'controlHost',
  'controlPort',
  'rpc',
  'share',
  'grpJobs',
  'grpTres',
  'grpSubmit',
  'maxJobs',
  'maxTres',
  'maxSubmit',
  'maxWall',
  'qos',
  'defQos',
];

export function condHasAssoc(c: AssocCond): boolean {
  return Object.values(c).some((v) => v !== null);
}

/** Shared tail: resolve `format=` (or the defaults) and print the rows. */
export function printRows<T>(
  ctx: SacctmgrCtx,
  format: readonly string[],
  defaults: Field[],
  row: (f: Field) => (item: T) => string,
  items: readonly T[],
  tree = false,
): void {
  let cols = defaults;
  if (format.length > 0) {
    const r = resolveFormat(format, { tree });
    if (!r.ok) {
      ctx.fail(r.error);
      return;
    }
    cols = r.fields;
  }
  const getters = cols.map((c) => row(c));
  const rows = items.map((item) => getters.map((g) => g(item)));
  ctx.out(renderTable(cols, rows, { parsable: ctx.flags.parsable, header: ctx.flags.header }));
}
