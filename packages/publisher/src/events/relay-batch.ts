// The ordering/failure rules of one pipelined relay batch, free of I/O so they can be unit-tested.
// Rows are published in id order with many confirms in flight; once every publish has settled, a queue's
// rows count as sent only up to its first failure: the failed row waits out its backoff, and its queue's
// later rows stay pending untouched (even when the broker confirmed them) so none is marked sent before
// it. A batch that overlapped an earlier one also holds the rows of every queue the earlier batch stopped
// (docs/guarantees.md#relay-pipelining).
import type { PublishError } from './publish-error.js';

export interface BatchRow {
  readonly id: string;
  readonly vhost: string;
  readonly queue: string;
}

/** What became of one row's publish: confirmed, failed, or not attempted (its queue or vhost had failed). */
export type RowOutcome =
  | { readonly kind: 'confirmed' }
  | { readonly kind: 'failed'; readonly error: PublishError }
  | { readonly kind: 'skipped' };

export interface SettledBatch<R extends BatchRow> {
  /** Ids to mark sent. */
  readonly sent: string[];
  /** The first failure of each queue (gets attempts + 1, lastError, backoff). */
  readonly failed: { readonly row: R; readonly error: PublishError }[];
  /** Rows left pending untouched behind an earlier failure of their queue. */
  readonly held: number;
  /** Queues (queueKey) with a row this batch leaves pending: an overlapping later batch holds their rows. */
  readonly stopped: ReadonlySet<string>;
}

export const queueKey = (row: { vhost: string; queue: string }): string => `${row.vhost}\u0000${row.queue}`;

export function settleBatch<R extends BatchRow>(
  rows: readonly R[],
  outcomes: readonly RowOutcome[],
  stoppedBefore: ReadonlySet<string> = new Set(),
): SettledBatch<R> {
  const sent: string[] = [];
  const failed: { row: R; error: PublishError }[] = [];
  const halted = new Set<string>(stoppedBefore);
  const stopped = new Set<string>();
  let held = 0;
  rows.forEach((row, i) => {
    const key = queueKey(row);
    const outcome = outcomes[i] ?? { kind: 'skipped' };
    if (halted.has(key)) {
      held += 1;
      stopped.add(key);
      return;
    }
    if (outcome.kind === 'confirmed') {
      sent.push(row.id);
      return;
    }
    halted.add(key);
    stopped.add(key);
    if (outcome.kind === 'failed') failed.push({ row, error: outcome.error });
    else held += 1;
  });
  return { sent, failed, held, stopped };
}
