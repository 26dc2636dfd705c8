// Polling with a deadline: tests wait for end states (REST, slurm-mock state, captured messages, queue depths)
// instead of sleeping. Waiting may take as long as the deadline says; nothing asserts on how long it took.
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from './harness-error.js';

export interface WaitOptions {
  /** Default 60 s (HARNESS_WAIT_TIMEOUT_MS, or the older E2E_WAIT_TIMEOUT_MS, overrides the default). */
  readonly timeoutMs?: number;
  /** Default 100 ms. */
  readonly intervalMs?: number;
  /** Called on timeout; what it returns is added to the error, so a failure shows the state that was there. */
  readonly lastSeen?: () => unknown;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
export const DEFAULT_WAIT_INTERVAL_MS = 100;

export function defaultWaitTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.HARNESS_WAIT_TIMEOUT_MS ?? env.E2E_WAIT_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_WAIT_TIMEOUT_MS;
}

export function describeValue(value: unknown, max = 2000): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const text = JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Calls `probe` until it returns something other than `undefined`/`false`, and returns that. A probe that
 * throws is retried too (the last error is reported). On timeout, throws WAIT_TIMEOUT naming `what`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
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
    await sleep(options.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS);
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
