// Publishes a batch of rows in order with up to `window` broker confirms in flight, instead of awaiting
// each confirm before the next send. The publisher keeps one channel per vhost and AMQP keeps per-channel
// order, so rows of one queue reach it in id order. Rows of a queue or vhost that already failed in this
// batch are not sent (docs/guarantees.md#relay-pipelining).
import type { MessagePublisher, OutgoingMessage } from './amqp-publisher.js';
import { PublishError } from './publish-error.js';
import { queueKey, type BatchRow, type RowOutcome } from './relay-batch.js';

export interface PublishableRow extends BatchRow {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function asPublishError(e: unknown): PublishError {
  return e instanceof PublishError ? e : new PublishError('ERR_PUBLISH_CHANNEL', String(e), { cause: e });
}

export async function publishPipelined(
  publisher: MessagePublisher,
  rows: readonly PublishableRow[],
  window: number,
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = rows.map(() => ({ kind: 'skipped' }));
  const failedQueues = new Set<string>();
  const unreachable = new Map<string, PublishError>();
  let inFlight = 0;
  let slotFreed: (() => void) | null = null;
  const settled: Promise<void>[] = [];
  for (const [i, row] of rows.entries()) {
    while (inFlight >= window) {
      await new Promise<void>((resolve) => (slotFreed = resolve));
    }
    const key = queueKey(row);
    if (failedQueues.has(key)) continue;
    const known = unreachable.get(row.vhost);
    if (known) {
      outcomes[i] = { kind: 'failed', error: known };
      failedQueues.add(key);
      continue;
    }
    inFlight += 1;
    const msg: OutgoingMessage = { vhost: row.vhost, queue: row.queue, body: row.body, headers: row.headers };
    settled.push(
      publisher
        .publish(msg)
        .then(
          () => {
            outcomes[i] = { kind: 'confirmed' };
          },
          (e: unknown) => {
            const error = asPublishError(e);
            if (error.code === 'ERR_PUBLISH_CONNECT') unreachable.set(row.vhost, error);
            failedQueues.add(key);
            outcomes[i] = { kind: 'failed', error };
          },
        )
        .finally(() => {
          inFlight -= 1;
          const wake = slotFreed;
          slotFreed = null;
          wake?.();
        }),
    );
  }
  await Promise.all(settled);
  return outcomes;
}
