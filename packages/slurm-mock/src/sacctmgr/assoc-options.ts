// The association part of sacctmgr's `where` and `set` vocabularies (sacctmgr_set_assoc_cond /
// sacctmgr_set_assoc_rec): filters (accounts, users, clusters, ...) and limits (fairshare, Grp*/Max*,
// QOS, parent), parsed into a condition or a patch, plus applying both to the state.
import { matchesKeyword, type OptionToken } from '../keyword.js';
import { checkName } from '../name-validation.js';
import type { AssocRec, MockState } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
import { parseTimeLimit } from '../slurm-time.js';
import { applyTres, parseTresSpec } from '../tres.js';
import type { AssocView } from './assoc-view.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

export interface AssocCond {
  accounts: string[] | null;
  users: string[] | null;
  clusters: string[] | null;
  partitions: string[] | null;
  parents: string[] | null;
  qos: string[] | null;
  defaultQos: string[] | null;
  ids: number[] | null;
}

export function emptyAssocCond(): AssocCond {
  return {
    accounts: null,
    users: null,
    clusters: null,
    partitions: null,
    parents: null,
    qos: null,
    defaultQos: null,
    ids: null,
  };
}

export function addNames(target: string[] | null, value: string): string[] {
  const list = target ?? [];
  addToCharList(list, value);
  return list;
}

/** Returns true when the token is an association condition (and records it). */
export function parseAssocCond(tok: OptionToken, cond: AssocCond): boolean {
  const k = tok.key;
  if (!tok.hasValue) return false;
  if (matchesKeyword(k, 'Accounts', 2) || matchesKeyword(k, 'Acct', 4))
    cond.accounts = addNames(cond.accounts, tok.value);
  else if (matchesKeyword(k, 'Clusters', 1)) cond.clusters = addNames(cond.clusters, tok.value);
  else if (matchesKeyword(k, 'DefaultQOS', 3)) cond.defaultQos = addNames(cond.defaultQos, tok.value);
  else if (matchesKeyword(k, 'IDs', 1)) {
    cond.ids = [...(cond.ids ?? []), ...stripQuotes(tok.value, true).split(',').map(Number)];
  } else if (matchesKeyword(k, 'Partitions', 4)) cond.partitions = addNames(cond.partitions, tok.value);
  else if (matchesKeyword(k, 'Parent', 4)) cond.parents = addNames(cond.parents, tok.value);
  else if (matchesKeyword(k, 'QosLevel', 1)) cond.qos = addNames(cond.qos, tok.value);
  else if (matchesKeyword(k, 'Users', 1)) cond.users = addNames(cond.users, tok.value);
  else return false;
  return true;
}

export function assocMatches(a: AssocRec, cond: AssocCond, view: AssocView): boolean {
  if (cond.accounts !== null && !cond.accounts.includes(a.account)) return false;
  if (cond.users !== null && !cond.users.includes(a.user)) return false;
  if (cond.clusters !== null && !cond.clusters.includes(a.cluster)) return false;
  if (cond.partitions !== null && !cond.partitions.includes(a.partition)) return false;
  if (cond.parents !== null && (a.user !== '' || !cond.parents.includes(a.parentAccount))) return false;
  if (cond.ids !== null && !cond.ids.includes(a.id)) return false;
  if (cond.qos !== null) {
    const eff = view.effective(a).qos;
    if (!cond.qos.some((q) => eff.includes(q))) return false;
  }
  if (cond.defaultQos !== null) {
    const d = view.effective(a).defaultQos;
    if (d === null || !cond.defaultQos.includes(d)) return false;
  }
  return true;
}

type Uint = number | null;

export interface AssocPatch {
  parent?: string;
  shares?: number | 'parent';
  priority?: Uint;
  grpJobs?: Uint;
  grpSubmitJobs?: Uint;
  maxJobs?: Uint;
  maxSubmitJobs?: Uint;
  grpWall?: Uint;
  maxWall?: Uint;
  tres: { field: TresField; entries: { id: number; value: number | null }[] }[];
  qos?: { op: '' | '+' | '-'; names: string[] | null };
  defaultQos?: string | null;
}

export type TresField =
  'grpTres' | 'grpTresMins' | 'grpTresRunMins' | 'maxTres' | 'maxTresPerNode' | 'maxTresMins';

export function emptyPatch(): AssocPatch {
  return { tres: [] };
}

export function patchIsEmpty(p: AssocPatch): boolean {
  return Object.keys(p).length === 1 && p.tres.length === 0;
}

/** SLURM's get_uint(): strtol semantics, negative = clear (INFINITE). Prints its own error. */
export function getUint(
  ctx: SacctmgrCtx,
  value: string,
  type: string,
): { ok: true; value: Uint } | { ok: false } {
  const text = stripQuotes(value, true);
  const m = /^\s*([+-]?\d+)/.exec(text);
  const num = m === null ? 0 : Number(m[1]);
  const rest = m === null ? text : text.slice(m[0].length);
  if (num === 0 && rest !== '') {
    ctx.err(`sacctmgr: error: Invalid value for ${type} (${text})\n`);
    return { ok: false };
  }
  return { ok: true, value: num < 0 ? null : num };
}

/** Validates QOS names against the state; prints SLURM's complaint for an unknown one. */
export function checkQosNames(ctx: SacctmgrCtx, names: readonly string[]): boolean {
  for (const n of names) {
    const bare = n.startsWith('+') || n.startsWith('-') ? n.slice(1) : n;
    if (!ctx.state.qos.some((q) => q.name === bare)) {
      ctx.err(`sacctmgr: error: You gave a bad qos '${bare}'.  Use 'list qos' to get complete list.\n`);
      return false;
    }
  }
  return true;
}

export type RecParse = 'nomatch' | 'ok' | 'invalid';

/** sacctmgr_set_assoc_rec: one `set` token into the patch. */
export function parseAssocRec(ctx: SacctmgrCtx, tok: OptionToken, patch: AssocPatch): RecParse {
  const k = tok.key;
  const v = tok.value;
  if (!tok.hasValue) return 'nomatch';
  const uint = (type: string, set: (n: Uint) => void): RecParse => {
    const r = getUint(ctx, v, type);
    if (!r.ok) return 'invalid';
    set(r.value);
    return 'ok';
  };
  const tres = (field: TresField): RecParse => {
    const r = parseTresSpec(stripQuotes(v, false), ctx.state.tres, 'sacctmgr');
    if (!r.ok) {
      ctx.err(r.error);
      return 'invalid';
    }
    patch.tres.push({ field, entries: r.entries });
    return 'ok';
  };
  const wall = (label: string, set: (n: Uint) => void): RecParse => {
    const r = parseTimeLimit(stripQuotes(v, true));
    if (!r.ok) {
      ctx.err(` Bad ${label} time format: ${k}\n`);
      return 'invalid';
    }
    set(r.minutes);
    return 'ok';
  };
  if (matchesKeyword(k, 'DefaultQOS', 3)) {
    const name = stripQuotes(v, true);
    if (name === '' || name === '-1') {
      patch.defaultQos = null;
      return 'ok';
    }
    if (!checkQosNames(ctx, [name])) return 'invalid';
    patch.defaultQos = name;
    return 'ok';
  }
  if (matchesKeyword(k, 'FairShare', 1) || matchesKeyword(k, 'Shares', 1)) {
    if (/^parent/i.test(stripQuotes(v, true))) {
      patch.shares = 'parent';
      return 'ok';
    }
    return uint('FairShare', (n) => (patch.shares = n ?? 1));
  }
  if (matchesKeyword(k, 'GrpTRES', 7)) return tres('grpTres');
  if (matchesKeyword(k, 'GrpTRESMins', 8)) return tres('grpTresMins');
  if (matchesKeyword(k, 'GrpTRESRunMins', 8)) return tres('grpTresRunMins');
  if (matchesKeyword(k, 'GrpJobs', 4)) return uint('GrpJobs', (n) => (patch.grpJobs = n));
  if (matchesKeyword(k, 'GrpSubmitJobs', 4)) return uint('GrpSubmitJobs', (n) => (patch.grpSubmitJobs = n));
  if (matchesKeyword(k, 'GrpWall', 4)) return wall('GrpWall', (n) => (patch.grpWall = n));
  if (matchesKeyword(k, 'MaxJobs', 4)) return uint('MaxJobs', (n) => (patch.maxJobs = n));
  if (matchesKeyword(k, 'MaxSubmitJobs', 4)) return uint('MaxSubmitJobs', (n) => (patch.maxSubmitJobs = n));
  if (matchesKeyword(k, 'MaxTRESPerJob', 7) || matchesKeyword(k, 'MaxTRES', 7)) return tres('maxTres');
  if (matchesKeyword(k, 'MaxTRESPerNode', 11)) return tres('maxTresPerNode');
  if (matchesKeyword(k, 'MaxTRESMinsPerJob', 8) || matchesKeyword(k, 'MaxTRESMins', 8))
    return tres('maxTresMins');
  if (matchesKeyword(k, 'MaxWallDurationPerJob', 4)) return wall('MaxWall', (n) => (patch.maxWall = n));
  if (matchesKeyword(k, 'Parent', 1)) {
    const parent = stripQuotes(v, true);
    const bad = checkName('account', parent);
    if (bad !== null) {
      ctx.err(`${bad}\n`);
      return 'invalid';
    }
    patch.parent = parent;
    return 'ok';
  }
  if (matchesKeyword(k, 'Priority', 3)) return uint('Priority', (n) => (patch.priority = n));
  if (matchesKeyword(k, 'QosLevel', 1)) {
    const raw = stripQuotes(v, true);
    if (raw === '' || raw === '-1') {
      patch.qos = { op: '', names: null };
      return 'ok';
    }
    const names: string[] = [];
    addToCharList(names, raw);
    if (!checkQosNames(ctx, names)) return 'invalid';
    patch.qos = { op: tok.op, names };
    return 'ok';
  }
  return 'nomatch';
}

export function unknownOption(ctx: SacctmgrCtx, raw: string): void {
  ctx.fail(` Unknown option: ${raw}\n Use keyword 'where' to modify condition\n`);
}

export function unknownCondition(ctx: SacctmgrCtx, raw: string): void {
  ctx.fail(` Unknown condition: ${raw}\n Use keyword 'set' to modify value\n`);
}

/** Applies the limit part of a patch (not `parent`) to one association. */
export function applyAssocPatch(a: AssocRec, patch: AssocPatch, view: AssocView): void {
  if (patch.shares !== undefined) a.shares = patch.shares;
  if (patch.priority !== undefined) a.priority = patch.priority;
  if (patch.grpJobs !== undefined) a.grpJobs = patch.grpJobs;
  if (patch.grpSubmitJobs !== undefined) a.grpSubmitJobs = patch.grpSubmitJobs;
  if (patch.maxJobs !== undefined) a.maxJobs = patch.maxJobs;
  if (patch.maxSubmitJobs !== undefined) a.maxSubmitJobs = patch.maxSubmitJobs;
  if (patch.grpWall !== undefined) a.grpWall = patch.grpWall;
  if (patch.maxWall !== undefined) a.maxWall = patch.maxWall;
  for (const t of patch.tres) applyTres(a[t.field], t.entries);
  if (patch.qos !== undefined) {
    const { op, names } = patch.qos;
    if (names === null) {
      a.qos = null;
    } else {
      let current = [...view.effective(a).qos];
      for (const raw of names) {
        const sign = raw.startsWith('+') || raw.startsWith('-') ? raw.charAt(0) : op;
        const name = raw.startsWith('+') || raw.startsWith('-') ? raw.slice(1) : raw;
        if (sign === '+') {
          if (!current.includes(name)) current.push(name);
        } else if (sign === '-') {
          current = current.filter((q) => q !== name);
        }
      }
      a.qos =
        op === '' && names.every((n) => !n.startsWith('+') && !n.startsWith('-')) ? [...names] : current;
    }
  }
  if (patch.defaultQos !== undefined) a.defaultQos = patch.defaultQos;
}

export function findClusterProblem(state: MockState, clusters: readonly string[] | null): string | null {
  for (const c of clusters ?? []) {
    if (!state.clusters.some((x) => x.name === c)) {
      return ` This cluster '${c}' doesn't exist.\n        Contact your admin to add it to accounting.\n`;
    }
  }
  return null;
}
