// Waldur's calculate_slurm_settings, worked through by hand (docs/protocol.md#resource_periodic_limits).
import { describe, expect, it } from 'vitest';
import { calculateSlurmSettings, limitKeyFor, type PolicyConfig } from './slurm-policy-settings.js';
import { periodDateRange, periodKey, previousPeriodKey } from './slurm-policy-period.js';

const config: PolicyConfig = {
  limitType: 'GrpTRESMins',
  tresBillingEnabled: true,
  tresBillingWeights: {},
  carryoverFactor: 50,
  graceRatio: 0.2,
  carryoverEnabled: true,
  rawUsageReset: true,
};

describe('calculateSlurmSettings', () => {
  it('adds the capped carryover, converts to minutes with a weighted billing entry and applies grace', () => {
    const settings = calculateSlurmSettings({
      config,
      limits: { cpu: 100 },
      currentPeriod: '2026-03',
      previousPeriod: '2026-02',
      previousUsage: { cpu: 80 },
      lastSyncedPeriod: null,
    });
    // unused 20 <= cap 50: total 120 h; billing = 120 * 0.015625 (CPU weight, case-insensitive) = 1.875 h.
    expect(settings).toEqual({
      fairshare: 40,
      qos_threshold: { billing: 112 },
      grace_limit: { billing: 135 },
      limit_type: 'GrpTRESMins',
      reset_raw_usage: true,
      carryover_details: {
        carryover_applied: true,
        previous_period: '2026-02',
        carryover_factor: 50,
        per_component: {
          cpu: { base: 100, previous_usage: 80, unused: 20, carryover_cap: 50, carryover: 20, total: 120 },
        },
      },
      grp_tres_mins: { cpu: 8640, billing: 134 },
    });
    expect(Object.keys(settings)).toEqual([
      'fairshare',
      'qos_threshold',
      'grace_limit',
      'limit_type',
      'reset_raw_usage',
      'carryover_details',
      'grp_tres_mins',
    ]);
  });

  it('resets raw usage only on the first message of a period; no carryover without a previous period', () => {
    const settings = calculateSlurmSettings({
      config: { ...config, limitType: 'MaxTRESMins', graceRatio: 0, tresBillingEnabled: false },
      limits: { node: 10, mem: 0, bad: 'x' },
      currentPeriod: 'total',
      previousPeriod: null,
      previousUsage: {},
      lastSyncedPeriod: 'total',
    });
    expect(settings).toMatchObject({
      fairshare: 3,
      qos_threshold: { node: 600 },
      grace_limit: { node: 600 },
      reset_raw_usage: false,
      carryover_details: { carryover_applied: false, reason: 'no_previous_period' },
      max_tres_mins: { node: 600 },
    });
  });

  it('sends fairshare 1 and a zero billing limit for a resource without limits', () => {
    const settings = calculateSlurmSettings({
      config,
      limits: {},
      currentPeriod: '2026-Q1',
      previousPeriod: '2025-Q4',
      previousUsage: {},
      lastSyncedPeriod: null,
    });
    expect(settings).toMatchObject({
      fairshare: 1,
      carryover_details: { carryover_applied: false },
      grp_tres_mins: { billing: 0 },
    });
  });

  it('maps limit types to the settings key the agent reads', () => {
    expect(limitKeyFor('GrpTRESMins')).toBe('grp_tres_mins');
    expect(limitKeyFor('MaxTRESMins')).toBe('max_tres_mins');
    expect(limitKeyFor('GrpTRES')).toBe('grp_tres');
  });
});

describe('policy periods', () => {
  const at = new Date('2026-05-31T23:59:59Z');
  it('names the period a date falls in', () => {
    expect([1, 2, 3, 4].map((p) => periodKey(p as 1 | 2 | 3 | 4, at))).toEqual([
      'total',
      '2026-05',
      '2026-Q2',
      '2026',
    ]);
  });
  it('steps back across year boundaries', () => {
    expect(['2026-01', '2026-Q1', '2026', 'total', 'x'].map(previousPeriodKey)).toEqual([
      '2025-12',
      '2025-Q4',
      '2025',
      null,
      null,
    ]);
  });
  it('gives first and last days', () => {
    const r = periodDateRange('2024-Q1');
    expect(r?.start.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(r?.end.toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(periodDateRange('2024-02')?.end.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(periodDateRange('total')).toBeNull();
  });
});
