// The `settings` of a resource_periodic_limits message, as Waldur's SlurmPeriodicUsagePolicy.calculate_slurm_settings
// computes them (docs/protocol.md#resource_periodic_limits): the resource's limits (hours per component) plus a
// capped carryover of what the previous period left unused, turned into TRES minutes (and a weighted `billing`
// entry), raised by the grace ratio; fairshare, QoS thresholds, and a raw-usage reset on a period's first message.
// Pure: the caller reads limits, usages and the last synced period.

export interface PolicyConfig {
  readonly limitType: string;
  readonly tresBillingEnabled: boolean;
  /** Empty: Waldur's defaults (DEFAULT_TRES_WEIGHTS). */
  readonly tresBillingWeights: Readonly<Record<string, number>>;
  /** Percent of the base allocation that may carry over (0-100). */
  readonly carryoverFactor: number;
  readonly graceRatio: number;
  readonly carryoverEnabled: boolean;
  readonly rawUsageReset: boolean;
}

export const DEFAULT_TRES_WEIGHTS: Readonly<Record<string, number>> = {
  CPU: 0.015625,
  Mem: 0.001953125,
  'GRES/gpu': 0.25,
};

export interface SettingsInput {
  readonly config: PolicyConfig;
  /** The resource's limits (component -> amount); zero and non-numeric entries are ignored. */
  readonly limits: Readonly<Record<string, unknown>>;
  readonly currentPeriod: string;
  /** Null when there is no previous period ("total"). */
  readonly previousPeriod: string | null;
  /** Usage per component in the previous period. */
  readonly previousUsage: Readonly<Record<string, number>>;
  /** The period the policy last sent settings for this resource (null: never). */
  readonly lastSyncedPeriod: string | null;
}

type Allocation = Record<string, number>;

/** Python's `weights.get(comp) or <case-insensitive match> or 0`. */
function weightOf(weights: Readonly<Record<string, number>>, comp: string): number {
  const exact = weights[comp];
  if (exact !== undefined && exact !== 0) return exact;
  for (const [key, value] of Object.entries(weights))
    if (key.toLowerCase() === comp.toLowerCase()) return value;
  return 0;
}

function baseAllocation(limits: Readonly<Record<string, unknown>>): Allocation {
  const out: Allocation = {};
  for (const [comp, value] of Object.entries(limits)) {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isFinite(n) && n !== 0) out[comp] = n;
  }
  return out;
}

function withCarryover(base: Allocation, input: SettingsInput): [Allocation, Record<string, unknown>] {
  const { config, previousPeriod } = input;
  if (!config.carryoverEnabled || Object.keys(base).length === 0)
    return [{ ...base }, { carryover_applied: false }];
  if (previousPeriod === null)
    return [{ ...base }, { carryover_applied: false, reason: 'no_previous_period' }];
  const ratio = config.carryoverFactor / 100;
  const total: Allocation = {};
  const perComponent: Record<string, unknown> = {};
  for (const [comp, amount] of Object.entries(base)) {
    const previous = input.previousUsage[comp] ?? 0;
    const unused = Math.max(0, amount - previous);
    const cap = ratio * amount;
    const carry = Math.min(unused, cap);
    total[comp] = amount + carry;
    perComponent[comp] = {
      base: amount,
      previous_usage: previous,
      unused,
      carryover_cap: cap,
      carryover: carry,
      total: amount + carry,
    };
  }
  return [
    total,
    {
      carryover_applied: true,
      previous_period: previousPeriod,
      carryover_factor: config.carryoverFactor,
      per_component: perComponent,
    },
  ];
}

function tresMinutes(total: Allocation, config: PolicyConfig, weights: Readonly<Record<string, number>>) {
  const minutes: Record<string, number> = {};
  for (const [comp, hours] of Object.entries(total)) minutes[comp] = Math.trunc(hours * 60);
  if (config.tresBillingEnabled && Object.keys(weights).length > 0) {
    let billing = 0;
    for (const [comp, hours] of Object.entries(total)) billing += hours * weightOf(weights, comp);
    minutes.billing = Math.trunc(billing * 60);
  }
  return minutes;
}

function qosThresholds(total: Allocation, config: PolicyConfig, weights: Readonly<Record<string, number>>) {
  let scalar = 0;
  const weighted = config.tresBillingEnabled && Object.keys(weights).length > 0;
  for (const [comp, hours] of Object.entries(total))
    scalar += weighted ? hours * weightOf(weights, comp) : hours;
  const key = config.tresBillingEnabled ? 'billing' : 'node';
  return {
    qos_threshold: { [key]: Math.trunc(scalar * 60) },
    grace_limit: { [key]: Math.trunc(scalar * (1 + config.graceRatio) * 60) },
  };
}

export function limitKeyFor(limitType: string): 'grp_tres_mins' | 'max_tres_mins' | 'grp_tres' {
  if (limitType.includes('GrpTRESMins')) return 'grp_tres_mins';
  if (limitType.includes('MaxTRESMins')) return 'max_tres_mins';
  return 'grp_tres';
}

export function calculateSlurmSettings(input: SettingsInput): Record<string, unknown> {
  const { config } = input;
  const weights =
    Object.keys(config.tresBillingWeights).length > 0 ? config.tresBillingWeights : DEFAULT_TRES_WEIGHTS;
  const [total, carryoverDetails] = withCarryover(baseAllocation(input.limits), input);
  const sum = Object.values(total).reduce((a, b) => a + b, 0);
  const fairshare = Math.max(1, Math.floor(sum / 3));
  let minutes = tresMinutes(total, config, weights);
  if (config.graceRatio > 0) {
    const multiplier = 1 + config.graceRatio;
    minutes = Object.fromEntries(Object.entries(minutes).map(([k, v]) => [k, Math.trunc(v * multiplier)]));
  }
  const { qos_threshold, grace_limit } = qosThresholds(total, config, weights);
  return {
    fairshare,
    qos_threshold,
    grace_limit,
    limit_type: config.limitType,
    reset_raw_usage: config.rawUsageReset && input.lastSyncedPeriod !== input.currentPeriod,
    carryover_details: carryoverDetails,
    [limitKeyFor(config.limitType)]: minutes,
  };
}
