// Capped exponential backoff with jitter, shared by the STOMP reconnect loop, REST retries and message
// redelivery delays. Pure: the random source is a parameter so tests pin exact delays.

export type JitterMode = 'full' | 'bounded' | 'none';

export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  initialDelayMs: number;
  /** Upper bound of any delay, ms. */
  maxDelayMs: number;
  /** Growth per attempt (2 = doubling). */
  multiplier: number;
  /**
   * full: uniform in [0, d] (AWS "full jitter", best against thundering herds);
   * bounded: uniform in [d·(1−r), d·(1+r)], clamped to maxDelayMs;
   * none: exactly d.
   */
  jitter: JitterMode;
  /** r for bounded jitter, 0..1. */
  jitterRatio: number;
}

/** d = min(initial · multiplier^attempt, max), attempt counted from 0; then jitter. Never negative. */
export function backoffDelay(options: BackoffOptions, attempt: number, random: () => number): number {
  const exp = options.initialDelayMs * Math.pow(options.multiplier, Math.max(0, attempt));
  const capped = Math.min(Number.isFinite(exp) ? exp : options.maxDelayMs, options.maxDelayMs);
  switch (options.jitter) {
    case 'none':
      return capped;
    case 'full':
      return capped * random();
    case 'bounded': {
      const r = options.jitterRatio;
      const jittered = capped * (1 - r + 2 * r * random());
      return Math.max(0, Math.min(jittered, options.maxDelayMs));
    }
  }
}

/** Promise-based sleep; injectable everywhere so fake timers (or instant sleeps) can drive tests. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Sleeps unless `signal` aborts first; resolves false when aborted. */
export async function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => {
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sleep(ms).then(() => true), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
