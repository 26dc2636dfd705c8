// A dependency-free SVG bar chart of the headline figures: one panel per group, horizontal bars on a log scale
// (latencies span 1 ms to minutes, rates 20 to thousands), the bar is the median and the tick the p99.
// Bars are coloured by kind: measured, derived from measured figures, or modelled.
import { fmt } from './format.js';
import type { Figure, FigureKind } from './results.js';

export interface ChartPanel {
  readonly title: string;
  readonly unit: string;
  readonly figures: readonly Figure[];
}

const WIDTH = 980;
const LABEL_W = 430;
const PLOT_W = 420;
const ROW_H = 22;
const PANEL_GAP = 46;
const COLORS: Record<FigureKind, string> = { measured: '#3d6fb6', derived: '#5e9c4a', modelled: '#e08a2c' };

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** 10^e as 0.01, 0.1, 1, 10, 1,000 … */
function tickLabel(e: number): string {
  return e >= 0 ? (10 ** e).toLocaleString('en-US') : (10 ** e).toFixed(-e);
}

/** Splits text into lines of at most `width` characters at "; " or spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function logBounds(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return { lo: 0, hi: 1 };
  return {
    lo: Math.floor(Math.log10(Math.min(...positive))),
    hi: Math.ceil(Math.log10(Math.max(...positive))) || 1,
  };
}

function panelSvg(panel: ChartPanel, top: number): { svg: string; height: number } {
  const values = panel.figures.flatMap((f) => [f.median, f.p99]);
  const bounds = logBounds(values);
  const lo = bounds.lo;
  const hi = bounds.hi <= lo ? lo + 1 : bounds.hi;
  const x = (v: number): number => LABEL_W + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * PLOT_W;
  const out: string[] = [];
  out.push(
    `<text x="10" y="${top + 16}" class="title">${esc(panel.title)} (${esc(panel.unit)}, log scale)</text>`,
  );
  const plotTop = top + 26;
  const plotH = panel.figures.length * ROW_H;
  for (let e = lo; e <= hi; e += 1) {
    const gx = x(10 ** e);
    out.push(
      `<line x1="${gx.toFixed(1)}" y1="${plotTop}" x2="${gx.toFixed(1)}" y2="${plotTop + plotH}" class="grid"/>`,
    );
    out.push(`<text x="${gx.toFixed(1)}" y="${plotTop + plotH + 13}" class="tick">${tickLabel(e)}</text>`);
  }
  panel.figures.forEach((f, i) => {
    const y = plotTop + i * ROW_H;
    const label = f.label.length > 68 ? `${f.label.slice(0, 66)}…` : f.label;
    out.push(`<text x="${LABEL_W - 8}" y="${y + 15}" class="label">${esc(label)}</text>`);
    if (Number.isFinite(f.median) && f.median > 0) {
      const x0 = LABEL_W;
      const x1 = x(f.median);
      out.push(
        `<rect x="${x0}" y="${y + 4}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${ROW_H - 8}" fill="${COLORS[f.kind]}"/>`,
      );
      if (Number.isFinite(f.p99) && f.p99 > 0) {
        const xp = x(f.p99);
        out.push(
          `<line x1="${xp.toFixed(1)}" y1="${y + 2}" x2="${xp.toFixed(1)}" y2="${y + ROW_H - 2}" class="p99"/>`,
        );
      }
      const text = `${fmt(f.median)}${f.kind === 'measured' ? '' : ` (${f.kind})`}`;
      out.push(
        `<text x="${(Math.max(x1, Number.isFinite(f.p99) && f.p99 > 0 ? x(f.p99) : x1) + 6).toFixed(1)}" y="${y + 15}" class="value">${esc(text)}</text>`,
      );
    }
  });
  return { svg: out.join('\n'), height: 26 + plotH + 18 };
}

export function renderSvg(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const body: string[] = [];
  const sub = wrap(subtitle, 160);
  let top = 44 + sub.length * 15;
  for (const panel of panels.filter((p) => p.figures.length > 0)) {
    const { svg, height } = panelSvg(panel, top);
    body.push(svg);
    top += height + PANEL_GAP;
  }
  const legendY = top - PANEL_GAP + 24;
  const legend = (Object.entries(COLORS) as [FigureKind, string][])
    .map(
      ([kind, color], i) =>
        `<rect x="${10 + i * 130}" y="${legendY - 10}" width="12" height="12" fill="${color}"/><text x="${28 + i * 130}" y="${legendY}" class="legend">${kind}</text>`,
    )
    .join('');
  const height = legendY + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:14px;font-weight:bold}.label{font-size:11px;text-anchor:end}.value{font-size:11px}.tick{font-size:10px;text-anchor:middle;fill:#555}.grid{stroke:#ddd}.p99{stroke:#222;stroke-width:2}.legend{font-size:11px}.head{font-size:17px;font-weight:bold}.sub{font-size:11px;fill:#444}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="10" y="22" class="head">${esc(title)}</text>`,
    ...sub.map((line, i) => `<text x="10" y="${String(40 + i * 15)}" class="sub">${esc(line)}</text>`),
    ...body,
    legend,
    `<text x="${10 + 3 * 130}" y="${legendY}" class="legend">bar = median, black tick = p99</text>`,
    '</svg>',
    '',
  ].join('\n');
}
