// A QOS's settable fields as `sacctmgr add|modify qos` reads them (flags, GrpTRES, MaxJobs, MaxSubmit,
// MaxWall, MinTRESPerJob, ...): the parsed patch, how it applies to a QosRec, and the text sacctmgr echoes.
import { matchesKeyword, type OptionToken } from '../keyword.js';
import type { QosRec, TresMap } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
import { formatMinutes, parseTimeLimit } from '../slurm-time.js';
import { applyTres, formatTres, parseTresSpec } from '../tres.js';
import { checkQosNames, getUint } from './assoc-options.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

/** slurmdb_qos_flags_str order. */
export const QOS_FLAGS = [
  'PartitionMaxNodes',
  'PartitionMinNodes',
  'OverPartQOS',
  'PartitionTimeLimit',
  'RequiresReservation',
  'NoReserve',
  'NoDecay',
  'DenyOnLimit',
  'UsageFactorSafe',
  'EnforceUsageThreshold',
  'Relative',
] as const;

type QosTresField =
  | 'grpTres'
  | 'grpTresMins'
  | 'grpTresRunMins'
  | 'maxTresPerJob'
  | 'maxTresPerNode'
  | 'maxTresPerUser'
  | 'maxTresPerAccount'
  | 'maxTresMins'
  | 'minTresPerJob';
type QosNumField =
  | 'grpJobs'
  | 'grpSubmitJobs'
  | 'maxJobsPerUser'
  | 'maxSubmitJobsPerUser'
  | 'maxJobsPerAccount'
  | 'maxSubmitJobsPerAccount';

export interface QosPatch {
  description?: string;
  flags?: { op: '' | '+' | '-'; names: string[] | null };
  graceTime?: number;
  priority?: number;
  usageFactor?: number;
  usageThreshold?: number | null;
  preemptMode?: string;
  preempt?: { op: '' | '+' | '-'; names: string[] };
  nums: Partial<Record<QosNumField, number | null>>;
  walls: Partial<Record<'grpWall' | 'maxWall', number | null>>;
  tres: { field: QosTresField; entries: { id: number; value: number | null }[] }[];
}

export const emptyQosPatch = (): QosPatch => ({ nums: {}, walls: {}, tres: [] });

export function qosPatchIsEmpty(p: QosPatch): boolean {
  return (
    Object.keys(p).length === 3 &&
    Object.keys(p.nums).length === 0 &&
    Object.keys(p.walls).length === 0 &&
    p.tres.length === 0
  );
}

const NUM_KEYS: readonly [QosNumField, string, readonly (readonly [string, number])[]][] = [
  ['grpJobs', 'GrpJobs', [['GrpJobs', 4]]],
  ['grpSubmitJobs', 'GrpSubmitJobs', [['GrpSubmitJobs', 4]]],
  [
    'maxJobsPerAccount',
    'MaxJobsPerAccount',
    [
      ['MaxJobsPerAccount', 11],
      ['MaxJobsPA', 9],
    ],
  ],
  [
    'maxJobsPerUser',
    'MaxJobsPerUser',
    [
      ['MaxJobsPerUser', 4],
      ['MaxJobsPU', 9],
    ],
  ],
  [
    'maxSubmitJobsPerAccount',
    'MaxSubmitJobsPerAccount',
    [
      ['MaxSubmitJobsPerAccount', 17],
      ['MaxSubmitJobsPA', 15],
      ['MaxSubmitPA', 11],
    ],
  ],
  [
    'maxSubmitJobsPerUser',
    'MaxSubmitJobsPerUser',
    [
      ['MaxSubmitJobsPerUser', 4],
      ['MaxSubmitJobsPU', 10],
      ['MaxSubmitPU', 6],
    ],
  ],
];

const TRES_KEYS: readonly [QosTresField, readonly (readonly [string, number])[]][] = [
  ['grpTres', [['GrpTRES', 7]]],
  ['grpTresMins', [['GrpTRESMins', 8]]],
  ['grpTresRunMins', [['GrpTRESRunMins', 8]]],
  [
    'maxTresMins',
    [
      ['MaxTRESMinsPerJob', 8],
      ['MaxTRESMins', 8],
    ],
  ],
  [
    'maxTresPerAccount',
    [
      ['MaxTRESPerAccount', 11],
      ['MaxTRESPA', 9],
    ],
  ],
  ['maxTresPerNode', [['MaxTRESPerNode', 11]]],
  [
    'maxTresPerUser',
    [
      ['MaxTRESPerUser', 11],
      ['MaxTRESPU', 9],
    ],
  ],
  [
    'maxTresPerJob',
    [
      ['MaxTRESPerJob', 7],
      ['MaxTRES', 7],
    ],
  ],
  [
    'minTresPerJob',
    [
      ['MinTRESPerJob', 7],
      ['MinTRES', 7],
    ],
  ],
];

function parseFlagNames(ctx: SacctmgrCtx, value: string): string[] | null | undefined {
  const raw = stripQuotes(value, false);
  if (raw === '-1' || raw === '') return null;
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const flag = QOS_FLAGS.find((f) => f.toLowerCase() === part.toLowerCase());
    if (flag === undefined) {
      ctx.err(`sacctmgr: error: Unknown QOS flag '${part}'\n`);
      return undefined;
    }
    if (!out.includes(flag)) out.push(flag);
  }
  return out;
}

/** One `set` token of a QOS; 'nomatch'/'invalid' make the caller report an unknown option. */
export function parseQosRec(ctx: SacctmgrCtx, tok: OptionToken, p: QosPatch): 'ok' | 'nomatch' | 'invalid' {
  const k = tok.key;
  const v = tok.value;
  if (!tok.hasValue) return 'nomatch';
  if (matchesKeyword(k, 'Description', 1)) {
    p.description = stripQuotes(v, true);
    return 'ok';
  }
  if (matchesKeyword(k, 'Flags', 2)) {
    const names = parseFlagNames(ctx, v);
    if (names === undefined) return 'invalid';
    p.flags = { op: tok.op, names };
    return 'ok';
  }
  if (matchesKeyword(k, 'GraceTime', 3)) {
    const r = getUint(ctx, v, 'GraceTime');
    if (!r.ok) return 'invalid';
    p.graceTime = r.value ?? 0;
    return 'ok';
  }
  for (const [field, label, names] of NUM_KEYS) {
    if (names.some(([full, min]) => matchesKeyword(k, full, min))) {
      const r = getUint(ctx, v, label);
      if (!r.ok) return 'invalid';
      p.nums[field] = r.value;
      return 'ok';
    }
  }
  for (const [field, names] of TRES_KEYS) {
    if (names.some(([full, min]) => matchesKeyword(k, full, min))) {
      const r = parseTresSpec(stripQuotes(v, false), ctx.state.tres, 'sacctmgr');
      if (!r.ok) {
        ctx.err(r.error);
        return 'invalid';
      }
      p.tres.push({ field, entries: r.entries });
      return 'ok';
    }
  }
  const wallKey: 'grpWall' | 'maxWall' | undefined = matchesKeyword(k, 'GrpWall', 4)
    ? 'grpWall'
    : matchesKeyword(k, 'MaxWallDurationPerJob', 4)
      ? 'maxWall'
      : undefined;
  if (wallKey !== undefined) {
    const r = parseTimeLimit(stripQuotes(v, true));
    if (!r.ok) {
      ctx.err(` Bad ${wallKey === 'grpWall' ? 'GrpWall' : 'MaxWall'} time format: ${k}\n`);
      return 'invalid';
    }
    p.walls[wallKey] = r.minutes;
    return 'ok';
  }
  if (matchesKeyword(k, 'PreemptMode', 8)) {
    const mode = stripQuotes(v, true);
    if (!['off', 'cancel', 'requeue', 'suspend', 'cluster', 'gang'].includes(mode)) {
      ctx.err(`sacctmgr: error: Unknown preempt mode '${mode}'\n`);
      return 'invalid';
    }
    p.preemptMode = mode;
    return 'ok';
  }
  if (matchesKeyword(k, 'Preempt', 7)) {
    const names: string[] = [];
    addToCharList(names, v);
    if (!checkQosNames(ctx, names)) return 'invalid';
    p.preempt = { op: tok.op, names };
    return 'ok';
  }
  if (matchesKeyword(k, 'Priority', 3)) {
    const r = getUint(ctx, v, 'Priority');
    if (!r.ok) return 'invalid';
    p.priority = r.value ?? 0;
    return 'ok';
  }
  if (matchesKeyword(k, 'UsageFactor', 6) || matchesKeyword(k, 'UsageThreshold', 6)) {
    const n = Number(stripQuotes(v, true));
    if (!Number.isFinite(n)) {
      ctx.err(`sacctmgr: error: Invalid value for ${k} (${v})\n`);
      return 'invalid';
    }
    if (matchesKeyword(k, 'UsageFactor', 6)) p.usageFactor = n < 0 ? 1 : n;
    else p.usageThreshold = n < 0 ? null : n;
    return 'ok';
  }
  return 'nomatch';
}

function applyListOp(current: string[], op: '' | '+' | '-', names: readonly string[]): string[] {
  if (op === '') return [...names];
  if (op === '+') return [...current, ...names.filter((n) => !current.includes(n))];
  return current.filter((n) => !names.includes(n));
}

export function applyQosPatch(q: QosRec, p: QosPatch): void {
  if (p.description !== undefined) q.description = p.description;
  if (p.flags !== undefined) {
    const set = p.flags.names === null ? [] : applyListOp(q.flags, p.flags.op, p.flags.names);
    q.flags = QOS_FLAGS.filter((f) => set.includes(f));
  }
  if (p.graceTime !== undefined) q.graceTime = p.graceTime;
  if (p.priority !== undefined) q.priority = p.priority;
  if (p.usageFactor !== undefined) q.usageFactor = p.usageFactor;
  if (p.usageThreshold !== undefined) q.usageThreshold = p.usageThreshold;
  if (p.preemptMode !== undefined) q.preemptMode = p.preemptMode;
  if (p.preempt !== undefined) q.preempt = applyListOp(q.preempt, p.preempt.op, p.preempt.names);
  for (const [field, value] of Object.entries(p.nums) as [QosNumField, number | null][]) q[field] = value;
  if (p.walls.grpWall !== undefined) q.grpWall = p.walls.grpWall;
  if (p.walls.maxWall !== undefined) q.maxWall = p.walls.maxWall;
  for (const t of p.tres) applyTres(q[t.field], t.entries);
}

const none = (n: number | null | undefined): string => (n === null || n === undefined ? 'NONE' : String(n));

/** sacctmgr_print_qos_limits for a patch. */
export function qosLimitsText(ctx: SacctmgrCtx, p: QosPatch): string {
  let out = '';
  const tres = (field: QosTresField): string | null => {
    const map: TresMap = {};
    let any = false;
    for (const t of p.tres) {
      if (t.field !== field) continue;
      any = true;
      applyTres(map, t.entries);
    }
    return any ? formatTres(map, ctx.state.tres) : null;
  };
  const line = (label: string, value: string | null): void => {
    if (value !== null) out += `  ${label.padEnd(25)}= ${value}\n`;
  };
  if (p.flags !== undefined) {
    const names =
      p.flags.names === null
        ? 'NotSet'
        : p.flags.names.map((n) => (p.flags?.op === '' ? n : `${p.flags?.op ?? ''}${n}`)).join(',');
    line('Flags', names);
  }
  if (p.graceTime !== undefined) line('GraceTime', String(p.graceTime));
  if ('grpJobs' in p.nums) line('GrpJobs', none(p.nums.grpJobs));
  if ('grpSubmitJobs' in p.nums) line('GrpSubmitJobs', none(p.nums.grpSubmitJobs));
  line('GrpTRES', tres('grpTres'));
  line('GrpTRESMins', tres('grpTresMins'));
  line('GrpTRESRunMins', tres('grpTresRunMins'));
  if (p.walls.grpWall !== undefined)
    line('GrpWall', p.walls.grpWall === null ? 'NONE' : formatMinutes(p.walls.grpWall));
  if ('maxJobsPerAccount' in p.nums) line('MaxJobsPerAccount', none(p.nums.maxJobsPerAccount));
  if ('maxJobsPerUser' in p.nums) out += `  MaxJobsPerUser = ${none(p.nums.maxJobsPerUser)}\n`;
  if ('maxSubmitJobsPerAccount' in p.nums)
    line('MaxSubmitJobsPerAccount', none(p.nums.maxSubmitJobsPerAccount));
  if ('maxSubmitJobsPerUser' in p.nums) line('MaxSubmitJobsPerUser', none(p.nums.maxSubmitJobsPerUser));
  line('MaxTRESPerAccount', tres('maxTresPerAccount'));
  line('MaxTRESPerJob', tres('maxTresPerJob'));
  line('MaxTRESPerNode', tres('maxTresPerNode'));
  line('MaxTRESPerUser', tres('maxTresPerUser'));
  line('MinTRESPerJob', tres('minTresPerJob'));
  line('MaxTRESMins', tres('maxTresMins'));
  if (p.walls.maxWall !== undefined)
    line('MaxWall', p.walls.maxWall === null ? 'NONE' : formatMinutes(p.walls.maxWall));
  if (p.preempt !== undefined) line('Preempt', p.preempt.names.join(','));
  if (p.preemptMode !== undefined) line('PreemptMode', p.preemptMode.toUpperCase());
  if (p.priority !== undefined) line('Priority', String(p.priority));
  if (p.usageFactor !== undefined) line('UsageFactor', p.usageFactor.toFixed(4));
  if (p.usageThreshold !== undefined)
    line('UsageThreshold', p.usageThreshold === null ? 'NONE' : p.usageThreshold.toFixed(4));
  return out;
}
