// Polling with a deadline: scenarios wait for end states (REST, slurm-mock state, captured messages) instead of
// sleeping. Waiting is allowed to take as long as the deadline says; nothing asserts on how long it took.
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from './harness-error.js';

export interface WaitOptions {
  /** Default 30 s (E2E_WAIT_TIMEOUT_MS overrides the default). */
  readonly timeoutMs?: number;
  /** Default 100 ms. */
  readonly intervalMs?: number;
}

export function defaultWaitTimeout(): number {
  const raw = Number(process.env.E2E_WAIT_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : 30_000;
}

function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const text = JSON.stringify(value);
    return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Calls `probe` until it returns something other than `undefined`/`false`, and returns that. A probe that
 * throws is retried too (the last error is reported). On timeout, throws WAIT_TIMEOUT naming `what` and, if
 * given, what `lastSeen` returned so the failure shows the state that was there instead.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions & { lastSeen?: () => Promise<unknown> } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? defaultWaitTimeout();
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 100);
  }
  let seen = '';
  if (options.lastSeen !== undefined) {
    try {
      seen = `; last seen: ${describeValue(await options.lastSeen())}`;
    } catch (error) {
      seen = `; last seen: (could not read: ${describeValue(error)})`;
    }
  }
  const why = lastError === undefined ? '' : `; last error: ${describeValue(lastError)}`;
  throw new HarnessError('WAIT_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${why}${seen}`, {
    cause: lastError,
  });
}
