// TRES strings as sacctmgr and sacct read and print them: `cpu=10,mem=600G,gres/gpu=4`, ordered by
// TRES id, memory in MB converted to the largest exact unit (CONVERT_NUM_UNIT_EXACT) unless --noconvert.
import type { TresMap, TresRec } from './state-types.js';

export function tresLabel(t: TresRec): string {
  return t.name === '' ? t.type : `${t.type}/${t.name}`;
}

export function findTres(all: readonly TresRec[], label: string): TresRec | undefined {
  const wanted = label.toLowerCase();
  return all.find((t) => tresLabel(t).toLowerCase() === wanted);
}

const MEM_UNITS = ['M', 'G', 'T', 'P', 'E'];

/** convert_num_unit for a MB count: 614400 → "600G", 614401 → "614401M", 0 → "0". */
export function formatMemMb(mb: number, convert: boolean): string {
  if (mb === 0) return '0';
  let value = mb;
  let unit = 0;
  if (convert) {
    while (value >= 1024 && value % 1024 === 0 && unit < MEM_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
  }
  return `${value}${MEM_UNITS[unit] ?? 'M'}`;
}

export function formatTres(map: TresMap, all: readonly TresRec[], convert = true): string {
  const parts: string[] = [];
  const ids = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids) {
    const rec = all.find((t) => t.id === id);
    const value = map[String(id)];
    if (rec === undefined || value === undefined) continue;
    parts.push(`${tresLabel(rec)}=${rec.type === 'mem' ? formatMemMb(value, convert) : String(value)}`);
  }
  return parts.join(',');
}

export type TresSpecResult =
  { ok: true; entries: { id: number; value: number | null }[] } | { ok: false; error: string };

const MEM_SUFFIX: Record<string, number> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 };

/** Parses `cpu=10,mem=20G,gres/gpu=-1`; -1 (any negative) clears that TRES. */
export function parseTresSpec(spec: string, all: readonly TresRec[], prog: string): TresSpecResult {
  const entries: { id: number; value: number | null }[] = [];
  if (spec === '') return { ok: false, error: `${prog}: error: Invalid TRES specification ''\n` };
  for (const part of spec.split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq <= 0) return { ok: false, error: `${prog}: error: Invalid TRES specification '${part}'\n` };
    const label = part.slice(0, eq);
    const rec = findTres(all, label);
    if (rec === undefined) return { ok: false, error: `${prog}: error: not a valid tres type '${label}'\n` };
    const m = /^(-?\d+)([KMGTP]?)$/i.exec(part.slice(eq + 1));
    if (m === null) {
      return {
        ok: false,
        error: `${prog}: error: Invalid TRES value '${part.slice(eq + 1)}' for ${label}\n`,
      };
    }
    const n = Number(m[1]);
    const suffix = (m[2] ?? '').toUpperCase();
    if (n < 0) {
      entries.push({ id: rec.id, value: null });
      continue;
    }
    const mult =
      rec.type === 'mem'
        ? (MEM_SUFFIX[suffix === '' ? 'M' : suffix] ?? 1)
        : suffix === ''
          ? 1
          : 1024 ** ('KMGTP'.indexOf(suffix) + 1);
    entries.push({ id: rec.id, value: Math.floor(n * mult) });
  }
  return { ok: true, entries };
}

export function applyTres(map: TresMap, entries: readonly { id: number; value: number | null }[]): void {
  for (const { id, value } of entries) {
    if (value === null) Reflect.deleteProperty(map, String(id));
    else map[String(id)] = value;
  }
}

/** Child values win; parent values fill the TRES the child does not set (slurmdb_combine_tres_strings). */
export function mergeTres(child: TresMap, parent: TresMap): TresMap {
  return { ...parent, ...child };
}
