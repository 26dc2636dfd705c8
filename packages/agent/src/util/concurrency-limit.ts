// At most `limit` tasks at once, the rest started in arrival order as slots free up. The agent runs the start-up
// REST sequence of at most this many offerings at a time (docs/agent.md#start-up-retries): 500 offerings
// starting at once would otherwise send 500 concurrent provisioning requests to Waldur and its broker.

export class ConcurrencyLimit {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      // The slot passes to the next task directly; `active` only drops when nobody waits.
      if (next === undefined) this.active -= 1;
      else next();
    }
  }
}
