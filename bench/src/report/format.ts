// Number formatting shared by the markdown table, the SVG chart and the console: about three significant
// digits, thousands separated, so 0.0421, 4.21, 42.1, 421 and 4,210 all read at a glance.
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(2);
}

export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x >= 100 ? `${Math.round(x).toLocaleString('en-US')}×` : `${x.toPrecision(3)}×`;
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
