// How long an offering waits before retrying a failed start-up step (identity, register_event_subscription,
// create_queue, register_queue; docs/agent.md#start-up-retries). A transient failure (no answer, 5xx — e.g. 503
// from a publisher under overload — or 429) is retried on the offering's STOMP reconnect backoff, and never
// sooner than the answer's Retry-After; any other failure (a 4xx: a quota, a missing offering) may need an
// operator, so it is retried too, but slowly (1 s doubling to 5 min). Nothing ever gives up, and each offering
// retries on its own, so one failing offering never holds back the others.
import type { OfferingConfig } from '../config/config-schema.js';
import { backoffDelay, type BackoffOptions } from '../util/backoff.js';
import { WaldurApiError, isTransientWaldurError } from '../waldur/waldur-errors.js';

/** Retry of a step that failed for a non-transient reason: 1 s doubling to 5 min, full jitter. */
export const PERMANENT_FAILURE_RETRY: BackoffOptions = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 300_000,
  multiplier: 2,
  jitter: 'full',
  jitterRatio: 0,
});

/** The offering's reconnect backoff (stomp_reconnect_*), also used for transient set-up failures. */
export function reconnectBackoff(offering: OfferingConfig): BackoffOptions {
  return {
    initialDelayMs: offering.stomp_reconnect_initial_delay_seconds * 1000,
    maxDelayMs: offering.stomp_reconnect_max_delay_seconds * 1000,
    multiplier: offering.stomp_reconnect_multiplier,
    jitter: offering.stomp_reconnect_jitter,
    jitterRatio: offering.stomp_reconnect_jitter_ratio,
  };
}

/** Delay before retry number `attempt` (0-based) after `errors` (the failures of the last try). */
export function setupRetryDelay(
  offering: OfferingConfig,
  attempt: number,
  errors: readonly unknown[],
  random: () => number,
): number {
  const transient = errors.length > 0 && errors.every(isTransientWaldurError);
  const delay = backoffDelay(
    transient ? reconnectBackoff(offering) : PERMANENT_FAILURE_RETRY,
    attempt,
    random,
  );
  const retryAfter = Math.max(0, ...errors.map((e) => (e instanceof WaldurApiError ? e.retryAfterMs : 0)));
  return Math.max(delay, retryAfter);
}
