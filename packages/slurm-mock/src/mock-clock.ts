// The mock's notion of "now": the real clock unless the state pins it (`slurm-mock clock set/advance`),
// so job elapsed times and sacct's default windows can be steered from tests.
import type { ClockState } from './state-types.js';

export type RealClock = () => Date;

export function mockNow(clock: ClockState, real: RealClock): Date {
  return clock.mode === 'fixed' ? new Date(clock.now) : real();
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };

/** Adds `90s`, `15m`, `2h`, `1d12h`, `1w`, `1mo` (calendar months) or `1y` to a date; null when malformed. */
export function advanceDate(from: Date, spec: string): Date | null {
  const text = spec.trim();
  const re = /(\d+(?:\.\d+)?)(mo|ms|y|w|d|h|m|s)/gy;
  let pos = 0;
  let ms = from.getTime();
  let months = 0;
  let matched = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    matched = true;
    pos = re.lastIndex;
    const n = Number(m[1]);
    const unit = m[2] ?? '';
    if (unit === 'mo' || unit === 'y') {
      if (!Number.isInteger(n)) return null;
      months += unit === 'y' ? n * 12 : n;
    } else {
      ms += n * (UNIT_MS[unit] ?? 0);
    }
  }
  if (!matched || pos !== text.length) return null;
  const d = new Date(ms);
  if (months !== 0) d.setMonth(d.getMonth() + months);
  return d;
}
