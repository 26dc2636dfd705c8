// The fault suite's summary: one row per case (fault, events, lost, duplicated, recovery time), printed at the
// end of the run and written to .data/reliability/faults/summary.txt.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SummaryRow {
  readonly fault: string;
  readonly events: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Seconds from the end of the fault until nothing was lost; null when it never recovered. */
  readonly recoverySeconds: number | null;
  readonly note?: string;
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  const header = ['fault', 'events', 'lost', 'duplicated', 'recovery (s)', 'note'];
  const body = rows.map((r) => [
    r.fault,
    String(r.events),
    String(r.lost),
    String(r.duplicated),
    r.recoverySeconds === null ? 'never' : r.recoverySeconds.toFixed(1),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

export async function writeSummary(file: string, rows: readonly SummaryRow[]): Promise<string> {
  const text = formatSummary(rows);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${text}\n`);
  return text;
}
