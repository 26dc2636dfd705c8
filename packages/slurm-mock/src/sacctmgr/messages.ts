// The fixed texts sacctmgr prints around changes: object lines for modified/removed associations,
// the "Settings" block of limits (sacctmgr_print_assoc_limits) and state clean-ups shared by commands.
import type { AssocRec, JobRec, MockState } from '../state-types.js';
import { formatMinutes } from '../slurm-time.js';
import { formatTres } from '../tres.js';
import type { AssocPatch } from './assoc-options.js';

export const pad = (s: string, n: number): string => s.padEnd(n);
export const fit = (s: string, n: number): string => s.slice(0, n).padEnd(n);

/** Object line of `Modified ... associations` (as_mysql_modify_assocs). */
export function modifiedAssocLine(a: AssocRec): string {
  const base = `  C = ${pad(a.cluster, 10)} A = ${pad(a.account, 20)}`;
  if (a.user === '') return `${base}\n`;
  return `${base} U = ${pad(a.user, 9)}${a.partition === '' ? '' : ` P = ${a.partition}`}\n`;
}

/** Object line of `Deleting ... associations` (as_mysql_remove_assocs). */
export function removedAssocLine(a: AssocRec): string {
  const base = `  C = ${pad(a.cluster, 10)} A = ${pad(a.account, 10)}`;
  if (a.user === '') return `${base}\n`;
  return `${base} U = ${pad(a.user, 9)}${a.partition === '' ? '' : ` P = ${a.partition}`}\n`;
}

const none = (n: number | null): string => (n === null ? 'NONE' : String(n));

/** sacctmgr_print_assoc_limits for a patch. */
export function assocLimitsText(patch: AssocPatch, state: MockState): string {
  let out = '';
  const tres = (field: AssocPatch['tres'][number]['field']): string | null => {
    const map: Record<string, number> = {};
    let any = false;
    for (const t of patch.tres) {
      if (t.field !== field) continue;
      for (const e of t.entries) {
        any = true;
        if (e.value !== null) map[String(e.id)] = e.value;
      }
    }
    return any ? formatTres(map, state.tres) : null;
  };
  if (patch.shares !== undefined) out += `  Fairshare     = ${String(patch.shares)}\n`;
  if (patch.grpJobs !== undefined) out += `  GrpJobs       = ${none(patch.grpJobs)}\n`;
  if (patch.grpSubmitJobs !== undefined) out += `  GrpSubmitJobs = ${none(patch.grpSubmitJobs)}\n`;
  const grpTres = tres('grpTres');
  if (grpTres !== null) out += `  GrpTRES       = ${grpTres}\n`;
  const grpTresMins = tres('grpTresMins');
  if (grpTresMins !== null) out += `  GrpTRESMins   = ${grpTresMins}\n`;
  const grpTresRunMins = tres('grpTresRunMins');
  if (grpTresRunMins !== null) out += `  GrpTRESRunMins= ${grpTresRunMins}\n`;
  if (patch.grpWall !== undefined)
    out += `  GrpWall       = ${patch.grpWall === null ? 'NONE' : formatMinutes(patch.grpWall)}\n`;
  if (patch.maxJobs !== undefined) out += `  MaxJobs       = ${none(patch.maxJobs)}\n`;
  if (patch.maxSubmitJobs !== undefined) out += `  MaxSubmitJobs = ${none(patch.maxSubmitJobs)}\n`;
  const maxTres = tres('maxTres');
  if (maxTres !== null) out += `  MaxTRES       = ${maxTres}\n`;
  const maxTresPerNode = tres('maxTresPerNode');
  if (maxTresPerNode !== null) out += `  MaxTRESPerNode= ${maxTresPerNode}\n`;
  const maxTresMins = tres('maxTresMins');
  if (maxTresMins !== null) out += `  MaxTRESMins   = ${maxTresMins}\n`;
  if (patch.maxWall !== undefined)
    out += `  MaxWall       = ${patch.maxWall === null ? 'NONE' : formatMinutes(patch.maxWall)}\n`;
  if (patch.parent !== undefined) out += `  Parent        = ${patch.parent}\n`;
  if (patch.priority !== undefined) out += `  Priority      = ${none(patch.priority)}\n`;
  if (patch.qos !== undefined) {
    const op = patch.qos.op;
    const names = (patch.qos.names ?? []).map((n) =>
      op === '' || n.startsWith('+') || n.startsWith('-') ? n : `${op}${n}`,
    );
    out += `  QOS           = ${[...names].sort().join(',')}\n`;
  }
  if (patch.defaultQos !== undefined) out += `  DefQOS        = ${patch.defaultQos ?? ''}\n`;
  return out;
}

const ACTIVE = new Set(['PENDING', 'RUNNING']);

/** Jobs still pending/running on any of the given associations. */
export function activeJobsOn(state: MockState, assocs: readonly AssocRec[]): JobRec[] {
  return state.jobs.filter(
    (j) =>
      ACTIVE.has(j.state) &&
      assocs.some(
        (a) => a.cluster === j.cluster && a.account === j.account && (a.user === '' || a.user === j.user),
      ),
  );
}

export function jobsActiveError(jobs: readonly JobRec[]): string {
  let text = ' Error with request: Job(s) active, cancel job(s) before remove\n';
  for (const j of jobs) {
    text += `  JobID = ${pad(String(j.id), 10)} C = ${pad(j.cluster, 10)} A = ${pad(j.account, 10)} U = ${pad(j.user, 9)}\n`;
  }
  return text;
}

/** Drops user records left without any association (slurmdbd keeps none of those around). */
export function cleanupUsers(state: MockState): void {
  state.users = state.users.filter((u) => state.associations.some((a) => a.user === u.name));
}
