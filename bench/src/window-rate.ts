// Consume rates over a common window of a backlog. The agent starts on its backlog and, for its first few hundred
// milliseconds, also runs its start-up work (identity, subscriptions, order catch-up) while it consumes; the
// consumer code is compared with the bare client over the messages after that, the same message range for both.

/** Messages per second from message `from` to the last one; `times` are handling times in ms, ascending. */
export function rateFrom(times: readonly number[], from = 0): number {
  const last = times.length - 1;
  const start = times[from];
  const end = times[last];
  if (from < 0 || start === undefined || end === undefined || last <= from || end <= start) return Number.NaN;
  return ((last - from) / (end - start)) * 1000;
}

/**
 * Index of the first message handled after `readyAt` (the agent's start-up finished), capped so at least half of
 * the backlog stays in the window; 0 when `readyAt` is undefined.
 */
export function windowStart(times: readonly number[], readyAt: number | undefined): number {
  if (readyAt === undefined) return 0;
  const cap = Math.floor(times.length / 2);
  const i = times.findIndex((t) => t > readyAt);
  return i === -1 ? cap : Math.min(i, cap);
}
