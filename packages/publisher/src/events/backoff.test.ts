import { describe, expect, test } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1000, jitter: 0.5 };

  test('doubles per attempt up to the cap (no jitter drawn)', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, () => 0))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  test('jitter shortens the delay by at most the jitter fraction', () => {
    expect(backoffDelay(3, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300);
  });

  test('huge attempt counts stay at the cap', () => {
    expect(backoffDelay(10_000, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.maxMs);
  });
});
