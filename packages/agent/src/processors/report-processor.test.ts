// Report mode over a real SlurmBackend (recording runner answering sacct) and an in-memory Waldur usage store
// with Waldur's replace-per-period semantics: totals and per-user shares, billing months in the configured
// time zone, and a second pass that sends nothing.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from '../slurm/slurm-backend.js';
import { BASE_SETTINGS } from '../testing/slurm-backend-setup.js';
import type { ComponentUsageRow, UsageAmount, UserUsageAmount, WaldurApi } from '../waldur/waldur-api.js';
import { billingPeriods, ReportProcessor } from './report-processor.js';

const log = pino({ level: 'silent' });
const COMPONENTS = {
  cpu: { accounting_type: 'usage', unit_factor: 60, measured_unit: 'CPU-hours', label: 'CPU' },
};

/** The four usage calls of WaldurApi, answering like Waldur: one usage per resource, type and period. */
class UsageStore {
  readonly setUsageCalls: { resource: string; usages: readonly UsageAmount[]; date: string }[] = [];
  readonly userUsages = new Map<string, Map<string, string>>();
  private readonly rows = new Map<string, ComponentUsageRow & { period: string; resource: string }>();

  api(): WaldurApi {
    const api: Pick<WaldurApi, 'listResources' | 'listComponentUsages' | 'setUsage' | 'setUserUsages'> = {
      listResources: () =>
        Promise.resolve([{ uuid: 'r1', backend_id: 'hpc_a' }] as Awaited<
          ReturnType<WaldurApi['listResources']>
        >),
      listComponentUsages: (resource, period) =>
        Promise.resolve(
          [...this.rows.values()].filter((r) => r.resource === resource && r.period === period),
        ),
      setUsage: (resource, usages, date) => {
        this.setUsageCalls.push({ resource, usages, date });
        const period = `${date.slice(0, 7)}-01`;
        for (const u of usages) {
          const key = `${resource}/${u.type}/${period}`;
          const uuid = this.rows.get(key)?.uuid ?? `u${this.rows.size + 1}`;
          this.rows.set(key, { uuid, type: u.type, usage: Number(u.amount), period, resource });
        }
        return Promise.resolve();
      },
      setUserUsages: (componentUsage, usages: readonly UserUsageAmount[]) => {
        const perUser = this.userUsages.get(componentUsage) ?? new Map<string, string>();
        for (const u of usages) perUser.set(u.username, u.usage);
        this.userUsages.set(componentUsage, perUser);
        return Promise.resolve();
      },
    };
    return api as WaldurApi;
  }
}

describe('billing periods', () => {
  it('current month in the configured time zone, then earlier months across a year boundary', () => {
    const now = new Date('2025-01-31T23:30:00Z');
    expect(billingPeriods(now, 'UTC', 2)).toEqual([
      { year: 2025, month: 1 },
      { year: 2024, month: 12 },
    ]);
    expect(billingPeriods(now, 'Europe/Tallinn', 1)).toEqual([{ year: 2025, month: 2 }]);
  });
});

describe('ReportProcessor', () => {
  function setup(periods: number) {
    const runner = new RecordingCommandRunner();
    runner.on('/usr/bin/sacct ', 'hpc_a|cpu=2|01:30:00|alice\nhpc_a|cpu=1|01:00:00|bob\n');
    const now = (): Date => new Date('2025-03-10T08:00:00Z');
    const backend = new SlurmBackend(BASE_SETTINGS, COMPONENTS, { runner, log, now });
    const store = new UsageStore();
    const processor = new ReportProcessor({
      api: store.api(),
      backend,
      log,
      offeringUuid: 'o1',
      timezone: 'UTC',
      periods,
      now,
    });
    return { runner, store, processor };
  }

  it('reports sacct usage in Waldur units: the total with set_usage, each user with set_user_usages', async () => {
    const { runner, store, processor } = setup(1);
    expect(await processor.processOffering()).toEqual({ reported: 1, unchanged: 0, failed: 0 });
    expect(runner.lines.find((l) => l.includes('sacct'))).toContain(
      '--starttime=2025-03-01T00:00:00 --endtime=2025-03-31T23:59:59 --accounts=hpc_a',
    );
    // alice 2 CPUs × 90 min = 180 CPU-minutes = 3 CPU-hours; bob 1 × 60 = 1 CPU-hour.
    expect(store.setUsageCalls).toEqual([
      { resource: 'r1', usages: [{ type: 'cpu', amount: '4.00' }], date: '2025-03-10T08:00:00.000Z' },
    ]);
    expect(Object.fromEntries(store.userUsages.get('u1') ?? [])).toEqual({ alice: '3.00', bob: '1.00' });
  });

  it('a second pass over the same period sends nothing; earlier periods are dated in their own month', async () => {
    const { store, processor } = setup(2);
    expect(await processor.processOffering()).toEqual({ reported: 2, unchanged: 0, failed: 0 });
    expect(store.setUsageCalls.map((c) => c.date)).toEqual([
      '2025-03-10T08:00:00.000Z',
      '2025-02-01T00:00:00Z',
    ]);
    expect(await processor.processOffering()).toEqual({ reported: 0, unchanged: 2, failed: 0 });
    expect(store.setUsageCalls).toHaveLength(2);
  });
});
