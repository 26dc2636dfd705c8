// Report mode (docs/agent.md#report-mode): for each billing period (the current month and the
// `reporting_periods - 1` before it, in the configured time zone) reads the offering's usage from the
// reporting backend (SLURM: sacct), converted to Waldur units, and reports the totals with `set_usage`
// and each user's share with `set_user_usages`. A period whose stored usage already equals the backend's
// is skipped; Waldur replaces usage per resource, component and period, so reporting again never adds.
import type { Logger } from 'pino';
import type { Backend, UsageReport } from '../backend/backend.js';
import { TOTAL_ACCOUNT_USAGE } from '../backend/backend.js';
import { yearMonthIn } from '../slurm/month-period.js';
import type { UsageAmount, WaldurApi } from '../waldur/waldur-api.js';

export interface ReportDeps {
  readonly api: WaldurApi;
  readonly backend: Backend;
  readonly log: Logger;
  readonly offeringUuid: string;
  /** IANA zone of the billing months (top-level `timezone`). */
  readonly timezone: string;
  /** Months per pass, current included (`reporting_periods`). */
  readonly periods: number;
  readonly now?: () => Date;
}

export interface BillingPeriod {
  readonly year: number;
  readonly month: number;
}

export interface ReportPassResult {
  /** Resource × period pairs whose usage was sent. */
  reported: number;
  /** Resource × period pairs already up to date. */
  unchanged: number;
  failed: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-01`, Waldur's billing_period. */
export function billingPeriodDate(p: BillingPeriod): string {
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-01`;
}

/** The current month in `timezone` and the `count - 1` months before it, newest first. */
export function billingPeriods(now: Date, timezone: string, count: number): BillingPeriod[] {
  const { year, month } = yearMonthIn(now, timezone);
  const out: BillingPeriod[] = [];
  for (let i = 0; i < count; i += 1) {
    const index = year * 12 + (month - 1) - i;
    out.push({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  }
  return out;
}

/** Amounts as the real agent sends them: two decimals. */
function decimal(value: number): string {
  return value.toFixed(2);
}

export class ReportProcessor {
  private readonly now: () => Date;

  constructor(private readonly deps: ReportDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async processOffering(): Promise<ReportPassResult> {
    const { api, backend, log } = this.deps;
    const result: ReportPassResult = { reported: 0, unchanged: 0, failed: 0 };
    if (backend.getUsageReport === undefined) {
      log.warn({ backend: backend.backendType }, 'The reporting backend cannot report usage; skipping');
      return result;
    }
    const resources = (
      await api.listResources({ offering_uuid: this.deps.offeringUuid, state: ['OK', 'Erred'] })
    ).filter((r) => typeof r.backend_id === 'string' && r.backend_id !== '');
    if (resources.length === 0) return result;
    const backendIds = resources.map((r) => r.backend_id);
    const now = this.now();
    for (const period of billingPeriods(now, this.deps.timezone, this.deps.periods)) {
      const report: UsageReport = await backend.getUsageReport(backendIds, period);
      const current = billingPeriods(now, this.deps.timezone, 1)[0];
      const date =
        current?.year === period.year && current.month === period.month
          ? now.toISOString()
          : `${billingPeriodDate(period)}T00:00:00Z`;
      for (const resource of resources) {
        try {
          const sent = await this.reportResource(resource.uuid, report[resource.backend_id], period, date);
          if (sent) result.reported += 1;
          else result.unchanged += 1;
        } catch (err) {
          result.failed += 1;
          log.error(
            { resource: resource.uuid, period: billingPeriodDate(period), err },
            'Unable to report usage',
          );
        }
      }
    }
    return result;
  }

  /** Sends one resource's usage for one period; false when Waldur already has exactly these totals. */
  private async reportResource(
    resourceUuid: string,
    usage: UsageReport[string] | undefined,
    period: BillingPeriod,
    date: string,
  ): Promise<boolean> {
    const { api, log } = this.deps;
    const totals = usage?.[TOTAL_ACCOUNT_USAGE] ?? {};
    const amounts: UsageAmount[] = Object.entries(totals).map(([type, v]) => ({ type, amount: decimal(v) }));
    if (amounts.length === 0) return false;
    const billingPeriod = billingPeriodDate(period);
    const existing = await api.listComponentUsages(resourceUuid, billingPeriod);
    const stored = new Map(existing.map((e) => [e.type, Number(e.usage)]));
    if (amounts.every((a) => stored.get(a.type) === Number(a.amount))) {
      log.debug({ resource: resourceUuid, billingPeriod }, 'Usage unchanged; not reporting it again');
      return false;
    }
    log.info({ resource: resourceUuid, billingPeriod, usages: amounts }, 'Reporting usage');
    await api.setUsage(resourceUuid, amounts, date);
    const byType = new Map(
      (await api.listComponentUsages(resourceUuid, billingPeriod)).map((e) => [e.type, e.uuid]),
    );
    for (const { type } of amounts) {
      const componentUsage = byType.get(type);
      if (componentUsage === undefined) continue;
      const perUser = Object.entries(usage ?? {})
        .filter(([user]) => user !== TOTAL_ACCOUNT_USAGE)
        .map(([username, values]) => ({ username, usage: decimal(values[type] ?? 0), date }));
      if (perUser.length > 0) await api.setUserUsages(componentUsage, perUser);
    }
    return true;
  }
}
