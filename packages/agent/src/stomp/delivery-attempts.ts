// Counts failed handler runs per message across redeliveries, so a poison message is dead-lettered after a bounded
// number of attempts instead of looping forever (a STOMP NACK with requeue=true does not increment anything the
// broker exposes on classic queues). Keyed by Waldur's stable `x-message-id`, falling back to a content hash.
import { createHash } from 'node:crypto';

export type StompHeaders = Readonly<Record<string, string | undefined>>;

/** Stable identity of a message across redeliveries. RabbitMQ's own `message-id` is per delivery, so not used. */
export function deliveryKey(headers: StompHeaders, body: string): string {
  const explicit = headers['x-message-id'] ?? headers['amqp-message-id'];
  if (explicit !== undefined && explicit !== '') return `id:${explicit}`;
  const digest = createHash('sha256')
    .update(headers.destination ?? '')
    .update('\0')
    .update(body)
    .digest('hex')
    .slice(0, 32);
  return `sha:${digest}`;
}

export class DeliveryAttempts {
  private readonly failures = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  /**
   * Called when a delivery arrives; returns failures seen so far. `redelivered: false` means the broker guarantees
   * the message is unseen, so stale counts (same content published again) are forgotten.
   */
  begin(key: string, redelivered: boolean): number {
    if (this.failures.size === 0) return 0;
    if (!redelivered) {
      this.failures.delete(key);
      return 0;
    }
    return this.failures.get(key) ?? 0;
  }

  /** Records one failed run; returns the new failure count. */
  fail(key: string): number {
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.delete(key); // re-insert to keep Map order = recency
    this.failures.set(key, count);
    if (this.failures.size > this.maxEntries) {
      const oldest = this.failures.keys().next();
      if (oldest.done !== true) this.failures.delete(oldest.value);
    }
    return count;
  }

  /** The message is finished (acked or dead-lettered). */
  clear(key: string): void {
    if (this.failures.size > 0) this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }
}
