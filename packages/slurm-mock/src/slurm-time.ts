// SLURM's time formats: durations `[D-]HH:MM:SS`, limits like `MaxWall=1-00:00:00`, and dates in
// local time `YYYY-MM-DDTHH:MM:SS` (sacct -S/-E accepts those plus now/today/midnight and offsets).

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** secs2time_str: `HH:MM:SS`, or `D-HH:MM:SS` from one day up. */
export function formatDuration(totalSeconds: number): string {
  const secs = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(secs / 86400);
  const hours = Math.floor((secs % 86400) / 3600);
  const minutes = Math.floor((secs % 3600) / 60);
  const seconds = secs % 60;
  const hms = `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/** mins2time_str; null prints as UNLIMITED. */
export function formatMinutes(minutes: number | null): string {
  return minutes === null ? 'UNLIMITED' : formatDuration(minutes * 60);
}

export type TimeLimit = { ok: true; minutes: number | null } | { ok: false };

/** time_str2mins: min, min:sec, h:m:s, d-h, d-h:m, d-h:m:s; -1/INFINITE/UNLIMITED clear the limit. */
export function parseTimeLimit(text: string): TimeLimit {
  const t = text.trim().toLowerCase();
  if (t === '-1' || t === 'infinite' || t === 'unlimited') return { ok: true, minutes: null };
  let m = /^(\d+)-(\d+)(?::(\d+))?(?::(\d+))?$/.exec(t);
  if (m !== null) {
    const secs = Number(m[1]) * 86400 + Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return { ok: true, minutes: Math.ceil(secs / 60) };
  }
  m = /^(\d+)(?::(\d+))?(?::(\d+))?$/.exec(t);
  if (m !== null) {
    if (m[3] !== undefined) {
      return { ok: true, minutes: Math.ceil((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) / 60) };
    }
    if (m[2] !== undefined) return { ok: true, minutes: Math.ceil((Number(m[1]) * 60 + Number(m[2])) / 60) };
    return { ok: true, minutes: Number(m[1]) };
  }
  return { ok: false };
}

/** Local-time `YYYY-MM-DDTHH:MM:SS`, like SLURM prints dates. */
export function formatSlurmDate(d: Date): string {
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}` +
    `T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
  );
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

/** parse_time subset: ISO-like dates (local), MM/DD[/YY], now[+-N[unit]], today, midnight, noon. */
export function parseSlurmTime(text: string, now: Date): Date | null {
  const t = text.trim();
  const lower = t.toLowerCase();
  const rel = /^now(?:([+-])(\d+)([a-z]*))?$/.exec(lower);
  if (rel !== null) {
    if (rel[1] === undefined) return new Date(now.getTime());
    const unit = UNIT_SECONDS[rel[3] === '' || rel[3] === undefined ? 's' : rel[3]];
    if (unit === undefined) return null;
    const sign = rel[1] === '-' ? -1 : 1;
    return new Date(now.getTime() + sign * Number(rel[2]) * unit * 1000);
  }
  if (lower === 'today' || lower === 'midnight') {
    return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  }
  if (lower === 'noon') return new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (iso !== null) {
    const d = new Date(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
    );
    return Number.isNaN(d.getTime()) || d.getMonth() !== Number(iso[2]) - 1 ? null : d;
  }
  const us = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}))?$/.exec(t);
  if (us !== null) {
    const year = us[3] === undefined ? now.getFullYear() : 2000 + Number(us[3]);
    return new Date(year, Number(us[1]) - 1, Number(us[2]));
  }
  return null;
}
