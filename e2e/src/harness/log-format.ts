// Human-readable, labelled rendering of the parts' pino JSON lines, for `pnpm dev`, the demo's verbose mode
// and E2E_ECHO=1: `12:00:01.234 agent     INFO  Order done order=… backendId=…`.
import type { LogLine } from './managed-process.js';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name', 'v']);
const COLORS = [36, 35, 33, 32, 34, 31];

export function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function formatLogLine(
  label: string,
  line: LogLine,
  options: { color?: boolean; width?: number } = {},
): string {
  const width = options.width ?? 10;
  let tag = label.padEnd(width);
  if (options.color === true) {
    let hash = 0;
    for (const ch of label) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    tag = `\u001b[${COLORS[hash % COLORS.length] ?? 36}m${tag}\u001b[0m`;
  }
  const j = line.json;
  if (j === undefined) return `${clock(line.at)} ${tag} ${line.text}`;
  const at = typeof j.time === 'number' ? j.time : line.at;
  const level = typeof j.level === 'number' ? (LEVELS[j.level] ?? String(j.level)) : '';
  const extra = Object.entries(j)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${compact(v)}`)
    .join(' ');
  const msg = typeof j.msg === 'string' ? j.msg : '';
  return `${clock(at)} ${tag} ${level.padEnd(5)} ${msg}${extra === '' ? '' : ` ${extra}`}`;
}
