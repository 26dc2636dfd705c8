// Waldur ⇄ SLURM limit conversion (docs/slurm.md#lifecycle-sequences `_collect_resource_limits`, utils.convert_slurm_units_to_waldur_ones).
// Waldur speaks e.g. k-Hours; SLURM GrpTRESMins speaks CPU-minutes: value × unit_factor one way, ÷ the other.
import type { BackendComponents } from './slurm-settings.js';

export interface CollectedLimits {
  /** SLURM units, integers, unknown TRES dropped — what goes into GrpTRESMins. */
  backendLimits: Record<string, number>;
  /** Waldur units, integers — requested limits plus usage-component default caps (what set_limits gets). */
  waldurLimits: Record<string, number>;
  /** TRES keys dropped because the cluster does not know them. */
  droppedKeys: string[];
  /** Months multiplied into prepaid (`one`) components, or null when not applied. */
  prepaidMonths: number | null;
}

function datePart(value: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match === null) return null;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Whole months between creation and end date (at least 1), as Waldur computes prepaid durations. */
export function durationMonths(createdAt: string, endDate: string): number | null {
  const c = datePart(createdAt);
  const e = datePart(endDate);
  if (c === null || e === null) return null;
  let months = (e.y - c.y) * 12 + (e.m - c.m);
  if (e.d > c.d) months += 1;
  return Math.max(1, months);
}

export interface CollectInput {
  limits: Record<string, number>;
  createdAt?: string | null | undefined;
  endDate?: string | null | undefined;
}

/**
 * `knownTres`: the cluster's `list tres` result; when null or empty no filtering happens (the real agent
 * skips the filter if SLURM is unreachable or returns nothing). Matching is case-sensitive.
 */
export function collectResourceLimits(
  components: BackendComponents,
  resource: CollectInput,
  knownTres: readonly string[] | null,
): CollectedLimits {
  let allocation: Record<string, number> = {};
  const usageBased: string[] = [];
  for (const [name, c] of components) {
    if (c.accountingType === 'usage' && c.limit !== null) {
      allocation[name] = c.limit * c.unitFactor;
      usageBased.push(name);
    }
  }
  const waldur: Record<string, number> = { ...resource.limits };
  for (const [name, c] of components) {
    if (c.accountingType !== 'limit' && c.accountingType !== 'one') continue;
    const requested = resource.limits[name];
    if (requested !== undefined) allocation[name] = requested * c.unitFactor;
  }
  let prepaidMonths: number | null = null;
  const prepaid = [...components].filter(([, c]) => c.accountingType === 'one').map(([n]) => n);
  if (prepaid.length > 0 && resource.createdAt && resource.endDate) {
    prepaidMonths = durationMonths(resource.createdAt, resource.endDate);
    if (prepaidMonths !== null) {
      for (const name of prepaid) {
        const v = allocation[name];
        if (v !== undefined) allocation[name] = v * prepaidMonths;
      }
    }
  }
  for (const name of usageBased) {
    const c = components.get(name);
    if (c?.limit !== null && c?.limit !== undefined) waldur[name] = c.limit;
  }
  const droppedKeys: string[] = [];
  if (knownTres !== null && knownTres.length > 0) {
    const known = new Set(knownTres);
    const filtered: Record<string, number> = {};
    for (const [k, v] of Object.entries(allocation)) {
      if (known.has(k)) filtered[k] = v;
      else droppedKeys.push(k);
    }
    allocation = filtered;
  }
  return {
    backendLimits: truncAll(allocation),
    waldurLimits: truncAll(waldur),
    droppedKeys: droppedKeys.sort(),
    prepaidMonths,
  };
}

function truncAll(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) out[k] = Math.trunc(v);
  return out;
}

/** Waldur units → SLURM units for limit updates: int(value × unit_factor), factor 1 for unknown keys. */
export function waldurToSlurmLimits(
  components: BackendComponents,
  limits: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits)) out[k] = Math.trunc(v * (components.get(k)?.unitFactor ?? 1));
  return out;
}

/** SLURM limits → Waldur units as integers (to_int=True): int(value ÷ unit_factor), known components only. */
export function slurmLimitsToWaldur(
  components: BackendComponents,
  limits: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits)) {
    const c = components.get(k);
    if (c === undefined) continue;
    out[k] = Math.trunc(v / c.unitFactor);
  }
  return out;
}

/** SLURM usage → Waldur units rounded to 2 decimals (to_int=False). */
export function slurmUsageToWaldur(
  components: BackendComponents,
  usage: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(usage)) {
    const factor = components.get(k)?.unitFactor ?? 1;
    out[k] = Number((v / factor).toFixed(2));
  }
  return out;
}
