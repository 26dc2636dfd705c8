// One reconnect loop per STOMP connection: exponential backoff with cap and jitter, unbounded attempts (the real
// agent gives up after 10, docs/protocol.md#reconnect / docs/agent.md#quirk-blocking-connect-and-finite-reconnect). Timers and randomness are injected so tests drive it with
// fake clocks, and `schedule` is idempotent so concurrent disconnect signals can never start a second loop.
import { backoffDelay, type BackoffOptions } from '../util/backoff.js';

export interface ReconnectTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ReconnectTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export type ReconnectPolicyOptions = BackoffOptions;

/** Real-agent constants (1 s, ×2, 120 s cap) with full jitter by default. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicyOptions = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 120_000,
  multiplier: 2,
  jitter: 'full',
  jitterRatio: 0.25,
});

export class ReconnectPolicy {
  private readonly options: ReconnectPolicyOptions;
  private readonly timers: ReconnectTimers;
  private readonly random: () => number;
  private handle: unknown = null;
  private failures = 0;
  private stopped = false;

  constructor(
    options: ReconnectPolicyOptions,
    deps: { timers?: ReconnectTimers; random?: () => number } = {},
  ) {
    this.options = options;
    this.timers = deps.timers ?? realTimers;
    this.random = deps.random ?? Math.random;
  }

  /** Delay for the n-th consecutive failure (0-based). */
  delayFor(attempt: number): number {
    return backoffDelay(this.options, attempt, this.random);
  }

  /** Consecutive failures since the last success. */
  get attempts(): number {
    return this.failures;
  }

  /** True while a retry is waiting to fire. */
  get pending(): boolean {
    return this.handle !== null;
  }

  /**
   * Schedules `connect` after the next backoff delay. Returns the delay, or null when a retry is already
   * pending or the policy was stopped — the single-loop guarantee.
   */
  schedule(connect: () => void): number | null {
    if (this.stopped || this.handle !== null) return null;
    const delay = this.delayFor(this.failures);
    this.failures += 1;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      if (!this.stopped) connect();
    }, delay);
    return delay;
  }

  /** A connection succeeded: the next failure starts from the initial delay again. */
  reset(): void {
    this.failures = 0;
  }

  /** Cancels a pending retry and refuses new ones. */
  stop(): void {
    this.stopped = true;
    if (this.handle !== null) {
      this.timers.clearTimeout(this.handle);
      this.handle = null;
    }
  }
}
