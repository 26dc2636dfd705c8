// Publishes a batch of rows in order with many broker confirms in flight, instead of awaiting each confirm before
// the next send. The publisher keeps one channel per vhost and AMQP keeps per-channel order, so rows of one queue
// reach it in id order. Rows of a queue or vhost that already failed in this batch are not sent. The window of
// confirms in flight is shared by the relay's overlapping batches (docs/guarantees.md#relay-pipelining).
import type { MessagePublisher } from './amqp-publisher.js';
import { PublishError } from './publish-error.js';
import { queueKey, type BatchRow, type RowOutcome } from './relay-batch.js';

export interface PublishableRow extends BatchRow {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

function asPublishError(e: unknown): PublishError {
  return e instanceof PublishError ? e : new PublishError('ERR_PUBLISH_CHANNEL', String(e), { cause: e });
}

/** How many publishes may await their confirm at once, across every batch that shares it. */
export class ConfirmWindow {
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`bad confirm window ${String(size)}`);
  }

  /** Resolves at once while a slot is free; otherwise when one is (FIFO). */
  take(): Promise<void> | undefined {
    if (this.inFlight < this.size && this.waiters.length === 0) {
      this.inFlight += 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  give(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter, so inFlight stays the same.
    if (next === undefined) this.inFlight -= 1;
    else next();
  }
}

export interface PipelinedPublish {
  /** Every row has been handed to the publisher (or skipped): a later batch's rows may follow on the channels. */
  readonly issued: Promise<void>;
  /** Each row's outcome, once every publish has settled. */
  readonly settled: Promise<RowOutcome[]>;
}

export function startPipelined(
  publisher: MessagePublisher,
  rows: readonly PublishableRow[],
  window: ConfirmWindow,
): PipelinedPublish {
  const outcomes: RowOutcome[] = rows.map(() => ({ kind: 'skipped' }));
  const failedQueues = new Set<string>();
  const unreachable = new Map<string, PublishError>();
  const confirmed: RowOutcome = { kind: 'confirmed' };
  let pending = 1; // the issuing loop itself
  let allSettled: (outcomes: RowOutcome[]) => void = () => undefined;
  const settled = new Promise<RowOutcome[]>((resolve) => (allSettled = resolve));
  const settleOne = (): void => {
    pending -= 1;
    if (pending === 0) allSettled(outcomes);
  };
  const publishRow = (i: number, row: PublishableRow): void => {
    const key = queueKey(row);
    pending += 1;
    publisher.publish(row).then(
      () => {
        outcomes[i] = confirmed;
        window.give();
        settleOne();
      },
      (e: unknown) => {
        const error = asPublishError(e);
        if (error.code === 'ERR_PUBLISH_CONNECT') unreachable.set(row.vhost, error);
        failedQueues.add(key);
        outcomes[i] = { kind: 'failed', error };
        window.give();
        settleOne();
      },
    );
  };
  const issue = async (): Promise<void> => {
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i];
      if (row === undefined) continue;
      const wait = window.take();
      if (wait !== undefined) await wait;
      const key = queueKey(row);
      const known = unreachable.get(row.vhost);
      if (failedQueues.has(key) || known !== undefined) {
        if (known !== undefined && !failedQueues.has(key)) {
          outcomes[i] = { kind: 'failed', error: known };
          failedQueues.add(key);
        }
        window.give();
        continue;
      }
      publishRow(i, row);
    }
  };
  const issued = issue().finally(settleOne);
  return { issued, settled };
}
