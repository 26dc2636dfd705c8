import { describe, expect, it } from 'vitest';
import { rateFrom, windowStart } from './window-rate.js';

describe('rateFrom', () => {
  it('counts the intervals between message `from` and the last one', () => {
    expect(rateFrom([0, 1, 2, 3, 4], 0)).toBeCloseTo(1000);
    expect(rateFrom([0, 100, 101, 102], 1)).toBeCloseTo(1000);
  });

  it('is NaN when the window has no interval', () => {
    expect(rateFrom([], 0)).toBeNaN();
    expect(rateFrom([5], 0)).toBeNaN();
    expect(rateFrom([1, 2], 1)).toBeNaN();
    expect(rateFrom([3, 3], 0)).toBeNaN();
    expect(rateFrom([1, 2, 3], -1)).toBeNaN();
  });
});

describe('windowStart', () => {
  it('starts at the first message after the ready time', () => {
    expect(windowStart([0, 10, 20, 30, 40, 50], 15)).toBe(2);
  });

  it('keeps at least half of the backlog in the window', () => {
    expect(windowStart([0, 10, 20, 30], 25)).toBe(2);
    expect(windowStart([0, 10, 20, 30], 99)).toBe(2);
  });

  it('uses the whole backlog without a ready time', () => {
    expect(windowStart([0, 10], undefined)).toBe(0);
  });
});
