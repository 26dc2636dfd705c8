// Polling with a deadline: cases wait for end states (REST, slurm-mock state, queue depths) instead of sleeping.
// How long a wait took is reported (recovery time), never asserted.
import { setTimeout as sleep } from 'node:timers/promises';
import { ReliabilityError } from './reliability-error.js';

export interface WaitOptions {
  /** Default 60 s. */
  readonly timeoutMs?: number;
  /** Default 200 ms. */
  readonly intervalMs?: number;
  /** Called on timeout; its result is added to the error message. */
  readonly lastSeen?: () => unknown;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const text = JSON.stringify(value);
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  } catch {
    return String(value);
  }
}

/** Calls `probe` until it returns something other than undefined/false and returns that; throws WAIT_TIMEOUT. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
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
    await sleep(options.intervalMs ?? 200);
  }
  let seen = '';
  if (options.lastSeen !== undefined) {
    try {
      seen = `; last seen: ${describe(await options.lastSeen())}`;
    } catch (error) {
      seen = `; last seen: (unreadable: ${describe(error)})`;
    }
  }
  const why = lastError === undefined ? '' : `; last error: ${describe(lastError)}`;
  throw new ReliabilityError(
    'WAIT_TIMEOUT',
    `timed out after ${timeoutMs} ms waiting for ${what}${why}${seen}`,
    { cause: lastError },
  );
}
