// One wall clock for every process on the machine, with sub-millisecond resolution: the child processes log
// Date-based times (pino `time`, bash $EPOCHREALTIME), so the benchmark compares against the same epoch.
import { performance } from 'node:perf_hooks';

/** Milliseconds since the epoch, fractional. */
export function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
