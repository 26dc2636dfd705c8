// Summaries of repeated measurements: every figure the benchmark reports is a median plus a p99 over samples.
// Quantiles use linear interpolation between closest ranks (numpy's default), so small sample sets give a p99
// just below the maximum instead of jumping to it.

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** q in [0, 1]; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Latency-like figures (lower is better): p99 is the slow tail, the 99th percentile. */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: quantile(values, 0.5),
    p99: quantile(values, 0.99),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
    mean: mean(values),
  };
}

/**
 * Rate-like figures (higher is better): the reported "p99" is the slow tail too, i.e. the rate 99 % of the
 * runs beat (the 1st percentile of the per-run rates).
 */
export function summarizeRate(values: readonly number[]): Summary {
  const s = summarize(values);
  return { ...s, p99: quantile(values, 0.01) };
}

/**
 * Quantiles of A + W where A is an empirical sample and W is uniform on [0, period]: the latency of a poller
 * with that period when the order arrives at a random phase (a deterministic grid stands in for W).
 */
export function convolveUniform(samples: readonly number[], period: number, grid = 200): Summary {
  const sums: number[] = [];
  for (const a of samples) {
    for (let j = 0; j < grid; j += 1) sums.push(a + ((j + 0.5) / grid) * period);
  }
  return summarize(sums);
}
