// sacctmgr's `format=` vocabulary (common.c _get_print_field): case-insensitive prefixes with minimum
// lengths, checked in SLURM's order, each with SLURM's column header and default width; `%N` sets the
// width. Unknown names are reported with SLURM's exact wording.
import { matchesKeyword } from '../keyword.js';
import type { PrintField } from '../print-fields.js';

export type FieldId =
  | 'account'
  | 'admin'
  | 'tresName'
  | 'cluster'
  | 'controlHost'
  | 'controlPort'
  | 'coord'
  | 'defAcct'
  | 'defQos'
  | 'descr'
  | 'flags'
  | 'graceTime'
  | 'grpTres'
  | 'grpTresMins'
  | 'grpTresRunMins'
  | 'grpJobs'
  | 'grpSubmit'
  | 'grpWall'
  | 'id'
  | 'maxTres'
  | 'maxTresPerNode'
  | 'maxTresMins'
  | 'maxTresPA'
  | 'maxTresPU'
  | 'maxJobs'
  | 'maxJobsPA'
  | 'maxJobsPU'
  | 'maxSubmit'
  | 'maxSubmitPA'
  | 'maxSubmitPU'
  | 'maxWall'
  | 'minTres'
  | 'name'
  | 'org'
  | 'parentId'
  | 'parentName'
  | 'partition'
  | 'preemptMode'
  | 'preempt'
  | 'preemptExempt'
  | 'priority'
  | 'qos'
  | 'qosRaw'
  | 'rpc'
  | 'share'
  | 'type'
  | 'usageFactor'
  | 'usageThres'
  | 'user';

export interface FieldDef {
  id: FieldId;
  names: readonly (readonly [string, number])[];
  header: string;
  len: number;
}

export interface Field extends PrintField {
  id: FieldId;
}

const f = (id: FieldId, names: FieldDef['names'], header: string, len: number): FieldDef => ({
  id,
  names,
  header,
  len,
});

/** In SLURM's check order (it matters for short prefixes). */
export const FIELD_DEFS: readonly FieldDef[] = [
  f(
    'account',
    [
      ['Account', 3],
      ['Acct', 4],
    ],
    'Account',
    10,
  ),
  f('admin', [['AdminLevel', 2]], 'Admin', 9),
  f('tresName', [['TRES', 2]], 'TRES', 20),
  f('cluster', [['Clusters', 2]], 'Cluster', 10),
  f('controlHost', [['ControlHost', 8]], 'ControlHost', 15),
  f('controlPort', [['ControlPort', 8]], 'ControlPort', 12),
  f('coord', [['Coordinators', 3]], 'Coord Accounts', 20),
  f('defAcct', [['DefaultAccount', 8]], 'Def Acct', 10),
  f('defQos', [['DefaultQOS', 8]], 'Def QOS', 9),
  f('descr', [['Description', 3]], 'Descr', 20),
  f('flags', [['Flags', 2]], 'Flags', 20),
  f('graceTime', [['GraceTime', 3]], 'GraceTime', 10),
  f('grpTres', [['GrpTRES', 7]], 'GrpTRES', 13),
  f('grpTresMins', [['GrpTRESMins', 7]], 'GrpTRESMins', 13),
  f('grpTresRunMins', [['GrpTRESRunMins', 7]], 'GrpTRESRunMins', 13),
  f('grpJobs', [['GrpJobs', 4]], 'GrpJobs', 7),
  f('grpSubmit', [['GrpSubmitJobs', 4]], 'GrpSubmit', 9),
  f('grpWall', [['GrpWall', 4]], 'GrpWall', 11),
  f('id', [['ID', 2]], 'ID', 6),
  f(
    'maxTres',
    [
      ['MaxTRES', 7],
      ['MaxTRESPerJob', 11],
    ],
    'MaxTRES',
    13,
  ),
  f('maxTresPerNode', [['MaxTRESPerNode', 11]], 'MaxTRESPerNode', 14),
  f('maxTresMins', [['MaxTRESMinsPerJob', 8]], 'MaxTRESMins', 13),
  f(
    'maxTresPA',
    [
      ['MaxTRESPerAccount', 11],
      ['MaxTRESPerAcct', 11],
      ['MaxTRESPA', 9],
    ],
    'MaxTRESPA',
    13,
  ),
  f(
    'maxTresPU',
    [
      ['MaxTRESPerUser', 11],
      ['MaxTRESPU', 9],
    ],
    'MaxTRESPU',
    13,
  ),
  f('maxJobs', [['MaxJobs', 4]], 'MaxJobs', 7),
  f(
    'maxJobsPA',
    [
      ['MaxJobsPerAccount', 11],
      ['MaxJobsPerAcct', 11],
      ['MaxJobsPA', 9],
    ],
    'MaxJobsPA',
    9,
  ),
  f(
    'maxJobsPU',
    [
      ['MaxJobsPerUser', 11],
      ['MaxJobsPU', 9],
    ],
    'MaxJobsPU',
    9,
  ),
  f('maxSubmit', [['MaxSubmitJobs', 4]], 'MaxSubmit', 9),
  f(
    'maxSubmitPA',
    [
      ['MaxSubmitJobsPerAccount', 17],
      ['MaxSubmitJobsPA', 15],
      ['MaxSubmitPA', 11],
    ],
    'MaxSubmitPA',
    11,
  ),
  f(
    'maxSubmitPU',
    [
      ['MaxSubmitJobsPerUser', 10],
      ['MaxSubmitJobsPU', 10],
      ['MaxSubmitPU', 6],
    ],
    'MaxSubmitPU',
    11,
  ),
  f('maxWall', [['MaxWallDurationPerJob', 4]], 'MaxWall', 11),
  f('minTres', [['MinTRESPerJob', 7]], 'MinTRES', 13),
  f('name', [['Name', 2]], 'Name', 10),
  f('org', [['Organization', 1]], 'Org', 20),
  f('parentId', [['ParentID', 7]], 'ParentID', 8),
  f('parentName', [['ParentName', 7]], 'ParentName', 10),
  f('partition', [['Partition', 4]], 'Partition', 10),
  f('preemptMode', [['PreemptMode', 8]], 'PreemptMode', 11),
  f('preempt', [['Preempt', 7]], 'Preempt', 10),
  f('preemptExempt', [['PreemptExemptTime', 8]], 'PreemptExemptTime', 19),
  f('priority', [['Priority', 3]], 'Priority', 10),
  f('qos', [['QOSLevel', 3]], 'QOS', 20),
  f('qosRaw', [['QOSRAWLevel', 4]], 'QOS_RAW', 10),
  f('rpc', [['RPC', 1]], 'RPC', 5),
  f(
    'share',
    [
      ['Share', 1],
      ['FairShare', 2],
    ],
    'Share',
    9,
  ),
  f('type', [['Type', 2]], 'Type', 8),
  f('usageFactor', [['UsageFactor', 6]], 'UsageFactor', 11),
  f('usageThres', [['UsageThreshold', 6]], 'UsageThres', 10),
  f('user', [['User', 1]], 'User', 10),
];

export function fieldById(id: FieldId, len?: number): Field {
  const def = FIELD_DEFS.find((d) => d.id === id);
  if (def === undefined) throw new Error(`unknown field id ${id}`);
  return { id, header: def.header, len: len ?? def.len };
}

export type FormatResult = { ok: true; fields: Field[] } | { ok: false; error: string };

/** Resolves `format=` items (already split on commas); with `tree`, Account defaults to 20 left-aligned. */
export function resolveFormat(items: readonly string[], options: { tree?: boolean } = {}): FormatResult {
  const fields: Field[] = [];
  for (const item of items) {
    const pct = item.indexOf('%');
    const name = pct === -1 ? item : item.slice(0, pct);
    const width = pct === -1 ? 0 : Number.parseInt(item.slice(pct + 1), 10) || 0;
    const def = FIELD_DEFS.find((d) => d.names.some(([full, min]) => matchesKeyword(name, full, min)));
    if (def === undefined) return { ok: false, error: `Unknown field '${name}'\n` };
    const len = def.id === 'account' && options.tree === true ? -20 : def.len;
    fields.push({ id: def.id, header: def.header, len: width !== 0 ? width : len });
  }
  return { ok: true, fields };
}
