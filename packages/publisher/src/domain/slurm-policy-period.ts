// Periods of a SLURM periodic usage policy (docs/protocol.md#resource_periodic_limits): Waldur's PeriodMixin codes
// and the period keys its SlurmPeriodicUsagePolicy computes settings for ("2026-03", "2026-Q1", "2026", "total").
// Dates are UTC calendar dates (Waldur uses the server's local date).

export const POLICY_PERIODS = { 1: 'Total', 2: '1 month', 3: '3 month', 4: '12 month' } as const;
export type PolicyPeriod = keyof typeof POLICY_PERIODS;

export function isPolicyPeriod(value: number): value is PolicyPeriod {
  return Object.hasOwn(POLICY_PERIODS, value);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The key of the period `now` falls in. */
export function periodKey(period: PolicyPeriod, now: Date): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  switch (period) {
    case 1:
      return 'total';
    case 2:
      return `${year}-${pad2(month)}`;
    case 4:
      return String(year);
    default:
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  }
}

/** The key of the period before `key`; null for "total" or a key that does not parse. */
export function previousPeriodKey(key: string): string | null {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const [year, q] = [Number(quarter[1]), Number(quarter[2])];
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return m === 1 ? `${year - 1}-12` : `${year}-${pad2(m - 1)}`;
  }
  if (/^\d{4}$/.test(key)) return String(Number(key) - 1);
  return null;
}

/** First and last day (UTC midnight) of a period key; null for "total" or a key that does not parse. */
export function periodDateRange(key: string): { start: Date; end: Date } | null {
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) {
    const [year, q] = [Number(quarter[1]), Number(quarter[2])];
    const first = (q - 1) * 3 + 1;
    return { start: day(year, first, 1), end: day(year, first + 3, 0) };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return { start: day(year, m, 1), end: day(year, m + 1, 0) };
  }
  if (/^\d{4}$/.test(key)) return { start: day(Number(key), 1, 1), end: day(Number(key), 12, 31) };
  return null;
}
