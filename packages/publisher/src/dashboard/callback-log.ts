// The agents' REST calls about orders, kept in memory (a bounded ring) so the dashboard can time the last two
// hops of an event: delivered (first call about the order after the broker confirm) and applied (first
// state-changing call). Nothing else reads it; it is lost on restart like any live view.
export interface OrderCallback {
  readonly orderId: string;
  readonly userId: string;
  readonly method: string;
  readonly at: Date;
}

export class CallbackLog {
  private readonly entries: OrderCallback[] = [];

  constructor(private readonly capacity = 2000) {}

  add(entry: OrderCallback): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /**
   * First call about `orderId` by one of `userIds` in [since, until) (until null: open), state-changing only
   * when `writes`.
   */
  first(
    orderId: string,
    window: { readonly since: Date; readonly until: Date | null },
    userIds: ReadonlySet<string>,
    writes: boolean,
  ): Date | null {
    for (const e of this.entries) {
      if (e.orderId !== orderId || e.at < window.since || !userIds.has(e.userId)) continue;
      if (window.until !== null && e.at >= window.until) return null;
      if (writes && e.method === 'GET') continue;
      return e.at;
    }
    return null;
  }
}
