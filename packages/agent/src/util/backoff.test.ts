import { describe, expect, it } from 'vitest';
import { backoffDelay, sleepUnlessAborted, type BackoffOptions } from './backoff.js';

const base: BackoffOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 120_000,
  multiplier: 2,
  jitter: 'none',
  jitterRatio: 0.25,
};

describe('backoffDelay', () => {
  it('grows exponentially and stops at the cap', () => {
    const delays = [0, 1, 2, 3, 6, 7, 8, 50].map((n) => backoffDelay(base, n, () => 0.5));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 64_000, 120_000, 120_000, 120_000]);
  });

  it('full jitter stays within [0, capped delay] at the random extremes', () => {
    const full = { ...base, jitter: 'full' as const };
    expect(backoffDelay(full, 3, () => 0)).toBe(0);
    expect(backoffDelay(full, 3, () => 0.999999)).toBeCloseTo(8000, 0);
    expect(backoffDelay(full, 20, () => 0.999999)).toBeLessThanOrEqual(120_000);
  });

  it('bounded jitter stays within ±ratio and never above the cap', () => {
    const bounded = { ...base, jitter: 'bounded' as const };
    expect(backoffDelay(bounded, 2, () => 0)).toBe(3000);
    expect(backoffDelay(bounded, 2, () => 1)).toBe(5000);
    expect(backoffDelay(bounded, 20, () => 1)).toBe(120_000);
    expect(backoffDelay(bounded, 20, () => 0)).toBe(90_000);
  });

  it('every jittered delay over many draws lies inside its bounds', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const d = Math.min(1000 * 2 ** attempt, 120_000);
      for (let i = 0; i < 50; i += 1) {
        const f = backoffDelay({ ...base, jitter: 'full' }, attempt, random);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(d);
        const b = backoffDelay({ ...base, jitter: 'bounded' }, attempt, random);
        expect(b).toBeGreaterThanOrEqual(d * 0.75);
        expect(b).toBeLessThanOrEqual(Math.min(d * 1.25, 120_000));
      }
    }
  });
});

describe('sleepUnlessAborted', () => {
  it('returns false as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const never = (): Promise<void> => new Promise(() => undefined);
    const pending = sleepUnlessAborted(never, 1000, controller.signal);
    controller.abort();
    await expect(pending).resolves.toBe(false);
  });

  it('returns true after a completed sleep', async () => {
    await expect(sleepUnlessAborted(() => Promise.resolve(), 5, new AbortController().signal)).resolves.toBe(
      true,
    );
  });
});
