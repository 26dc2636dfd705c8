// Billing-month windows for sacct (`--starttime`/`--endtime`), as the real agent's format_current_month and
// format_month_period build them. The clock and time zone are parameters so tests are deterministic.

export interface MonthPeriod {
  /** `YYYY-MM-01T00:00:00` */
  start: string;
  /** `YYYY-MM-<last day>T23:59:59` */
  end: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function monthPeriod(year: number, month: number): MonthPeriod {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const ym = `${String(year).padStart(4, '0')}-${pad(month)}`;
  return { start: `${ym}-01T00:00:00`, end: `${ym}-${pad(lastDay)}T23:59:59` };
}

/** Year and month of `now` in `timeZone` (IANA name; empty/undefined = UTC). */
export function yearMonthIn(now: Date, timeZone?: string): { year: number; month: number } {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone === undefined || timeZone === '' ? 'UTC' : timeZone,
    year: 'numeric',
    month: 'numeric',
  });
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth() + 1;
  for (const part of fmt.formatToParts(now)) {
    if (part.type === 'year') year = Number(part.value);
    if (part.type === 'month') month = Number(part.value);
  }
  return { year, month };
}

export function currentMonthPeriod(now: Date, timeZone?: string): MonthPeriod {
  const { year, month } = yearMonthIn(now, timeZone);
  return monthPeriod(year, month);
}
