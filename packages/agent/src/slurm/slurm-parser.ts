// Parsing of sacct / sacctmgr parsable2 output (docs/slurm.md#output-parsing, real `parser.py`). Pure functions so
// the rules (unit suffixes, durations, bytes→MB for mem) are unit-tested without any process.

const UNIT_PATTERN = /^(\d+)([KMGTP]?)/;
const UNITS: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50 };
const MB = 2 ** 20;

/** "5K" → 5120; leading digits with an optional K/M/G/T/P suffix; anything else → 0. */
export function parseSlurmInt(value: string): number {
  const m = UNIT_PATTERN.exec(value);
  if (m === null) return 0;
  const unit = m[2] ?? '';
  return Number(m[1]) * (unit === '' ? 1 : (UNITS[unit] ?? 1));
}

/**
 * sacct Elapsed `[D-]HH:MM:SS[.ffffff]` (also tolerates `MM:SS`) → minutes as a float. Like the real parser,
 * fractional seconds are dropped before dividing (int(total_seconds) / 60). Hours may exceed 23.
 */
export function parseDuration(value: string): number {
  const v = value.trim();
  let days = 0;
  let rest = v;
  const dash = v.indexOf('-');
  if (dash >= 0) {
    days = Number(v.slice(0, dash));
    rest = v.slice(dash + 1);
  }
  const dot = rest.indexOf('.');
  if (dot >= 0) rest = rest.slice(0, dot);
  const parts = rest.split(':').map((p) => Number(p));
  if (parts.some((p) => !Number.isFinite(p)) || !Number.isFinite(days)) return 0;
  let h = 0;
  let m = 0;
  let s = 0;
  if (parts.length === 3) [h, m, s] = parts as [number, number, number];
  else if (parts.length === 2) [m, s] = parts as [number, number];
  else if (parts.length === 1) [s] = parts as [number];
  const seconds = Math.trunc(days * 86400 + h * 3600 + m * 60 + s);
  return seconds / 60;
}

/** "cpu=4,mem=8G,gres/gpu=1" → { cpu: "4", mem: "8G", "gres/gpu": "1" } (pairs without "=" skipped). */
export function parseTresString(field: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (field === '') return out;
  for (const pair of field.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Only lines containing "|" carry data (everything else is banner/noise). */
export function dataLines(output: string): string[] {
  return output.split(/\r?\n/).filter((line) => line.includes('|'));
}

export interface ReportLine {
  account: string;
  user: string;
  /** Elapsed in minutes. */
  durationMinutes: number;
  /** TRES usage (TRES value × minutes) for known components; mem in MB-minutes. */
  tresUsage: Record<string, number>;
}

/**
 * `Account|ReqTRES|Elapsed|User` line of the usage report. Only TRES named in `knownTres` count;
 * usage = value × minutes; mem bytes → MB (floor).
 */
export function parseReportLine(line: string, knownTres: ReadonlySet<string>): ReportLine {
  const parts = line.split('|');
  const duration = parseDuration(parts[2] ?? '');
  const resources = parseTresString(parts[1] ?? '');
  const usage: Record<string, number> = {};
  for (const [name, raw] of Object.entries(resources)) {
    if (!knownTres.has(name)) continue;
    usage[name] = parseSlurmInt(raw) * duration;
  }
  if (usage.mem !== undefined) usage.mem = Math.floor(usage.mem / MB);
  return {
    account: (parts[0] ?? '').trim(),
    user: parts[3] ?? '',
    durationMinutes: duration,
    tresUsage: usage,
  };
}

export interface AssociationLimitsLine {
  account: string;
  /** Field 2 when present (format=Account,MaxTRESMins,User), else "". */
  user: string;
  /** Limits of known components; mem bytes → MB (floor). */
  tresLimits: Record<string, number>;
}

/** `Account|<TRES limits>[|User]` line (GrpTRESMins / MaxTRESMins readers). */
export function parseAssociationLimitsLine(
  line: string,
  knownTres: ReadonlySet<string>,
): AssociationLimitsLine {
  const parts = line.split('|');
  const resources = parseTresString(parts[1] ?? '');
  const limits: Record<string, number> = {};
  for (const [name, raw] of Object.entries(resources)) {
    if (!knownTres.has(name)) continue;
    limits[name] = name === 'mem' ? Math.floor(parseSlurmInt(raw) / MB) : parseSlurmInt(raw);
  }
  return {
    account: (parts[0] ?? '').trim(),
    user: parts.length >= 3 ? (parts[2] ?? '') : '',
    tresLimits: limits,
  };
}

export interface AccountLine {
  name: string;
  description: string;
  organization: string;
}

/** `Account|Descr|Org` (sacctmgr list/show account). */
export function parseAccountLine(line: string): AccountLine {
  const parts = line.split('|');
  return { name: parts[0] ?? '', description: parts[1] ?? '', organization: parts[2] ?? '' };
}

export interface AssociationLine {
  account: string;
  user: string;
}

/** Default-format association row: Cluster|Account|User|Partition|… (fields 1 and 2). */
export function parseAssociationLine(line: string): AssociationLine {
  const parts = line.split('|');
  return { account: parts[1] ?? '', user: parts[2] ?? '' };
}

/** `list tres` rows `Type|Name|ID` → "type" or "type/name". */
export function parseTresList(output: string): string[] {
  return dataLines(output).map((line) => {
    const [type = '', name = ''] = line.split('|');
    return name === '' ? type : `${type}/${name}`;
  });
}

/** Sums numeric dicts key-wise (backend_utils.sum_dicts). */
export function sumDicts(dicts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of dicts) for (const [k, v] of Object.entries(d)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Account names compare case-insensitively and trimmed, as sacctmgr prints them. */
export function sameAccount(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
