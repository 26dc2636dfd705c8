import { describe, expect, it } from 'vitest';
import { convolveUniform, quantile, summarize, summarizeRate } from './stats.js';

describe('quantile', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.99)).toBeCloseTo(19.9);
    expect(quantile([5], 0.99)).toBe(5);
  });

  it('is NaN for no samples and ignores input order', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([3, 1, 2], 0)).toBe(1);
  });
});

describe('summaries', () => {
  it('reports the slow tail: high for latencies, low for rates', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(summarize(values).p99).toBe(99);
    expect(summarizeRate(values).p99).toBe(1);
    expect(summarize(values).median).toBe(50);
  });
});

describe('convolveUniform', () => {
  it('adds a uniform wait over the period', () => {
    const s = convolveUniform([100, 100], 1000, 1000);
    expect(s.median).toBeCloseTo(600, 0);
    expect(s.p99).toBeCloseTo(1090, 0);
    expect(s.n).toBe(2000);
  });
});
