// Moves committed outbox rows to RabbitMQ, where Waldur's "publish after the fact, drop on failure" loses
// events. Guarantees:
//  - a row is marked sent only after the broker's publisher confirm (at-least-once: a crash between confirm
//    and commit re-publishes that row once);
//  - rows are claimed with SELECT … FOR UPDATE SKIP LOCKED inside a transaction held until the row is
//    marked, so several relays (publisher processes) on one database never publish a row concurrently;
//  - per queue, rows go out in commit order: a row never overtakes an earlier pending row of its queue
//    (one waiting out a backoff, or claimed by another relay);
//  - a batch is published pipelined (many confirms in flight on one channel per vhost) and its confirmed
//    rows are marked sent in one statement; after a failure in a queue, that queue's later rows of the batch
//    stay pending. Later batches are claimed while earlier ones wait for their confirms, and settle after them,
//    holding the rows of the queues they stopped (docs/guarantees.md#relay-pipelining);
//  - a failed publish (broker away, vhost or queue missing, no confirm) keeps the row pending with
//    lastError and a capped exponential backoff with jitter; it is never dropped. The one exception: when
//    the SubscriptionQueue it was addressed to has been deleted (the subscriber unsubscribed), a failed row
//    moves to state 'dead' instead of retrying forever (kept in the table for inspection).
// Wake-ups: PostgreSQL LISTEN on the outbox channel (NOTIFY at commit) plus a short poll as a safety net.
// Uses `pg` directly (not Prisma) for explicit transaction, LISTEN and row-lock control.
import pg from 'pg';
import type { Logger } from 'pino';
import { AmqpPublisher, type MessagePublisher } from './amqp-publisher.js';
import { realTimers, type Timers } from '../timers.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { beginAndClaim, markSentAndCommit, type ClaimedRow } from './outbox-claim.js';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox-channel.js';
import { ConfirmWindow, startPipelined } from './pipelined-publish.js';
import type { PublishError } from './publish-error.js';
import { settleBatch, type RowOutcome } from './relay-batch.js';
import type { RelayObserver } from './relay-observer.js';

/**
 * Confirms in flight by default, and rows per claimed batch. With 200 and 500 the relay reached 0.56–0.78× of bare
 * amqplib (window 200) on a 2-core machine; with 1,000 and 1,000 it keeps the broker busy while its own batches
 * wait on the database (docs/guarantees.md#relay-pipelining).
 */
export const DEFAULT_CONFIRM_WINDOW = 1000;
const DEFAULT_BATCH_SIZE = 1000;

export interface OutboxRelayOptions {
  readonly databaseUrl: string;
  /** Admin AMQP URL (amqp://user:pass@host:port); the vhost comes from each row. */
  readonly amqpUrl?: string;
  /** Replaces the AMQP publisher (tests, benchmarks). */
  readonly publisher?: MessagePublisher;
  readonly log?: Logger;
  readonly clock?: () => Date;
  readonly random?: () => number;
  readonly timers?: Timers;
  /** Rows claimed per batch (default 1,000). */
  readonly batchSize?: number;
  /** Publisher confirms in flight at once, over all overlapping batches (default {@link DEFAULT_CONFIRM_WINDOW}). */
  readonly window?: number;
  /** Batches open at once in the background loop, each on its own database connection (default 3). */
  readonly overlap?: number;
  /** Monotonic milliseconds for the observer's timings (default performance.now). */
  readonly now?: () => number;
  readonly observer?: RelayObserver;
  readonly pollIntervalMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Use LISTEN/NOTIFY (default true). */
  readonly listen?: boolean;
}

export interface RelayMetrics {
  readonly sent: number;
  readonly failures: number;
  readonly dead: number;
  readonly batches: number;
  readonly lastError: string | null;
  readonly running: boolean;
}

/** A claimed batch on its way out. */
interface RunningBatch {
  readonly claimed: number;
  /** The rows it holds locked and publishes (the next claim may pass them). */
  readonly rowIds: readonly string[];
  /** Every row handed to the publisher. */
  readonly issued: Promise<void>;
  /** Committed or rolled back; never rejects. */
  readonly done: Promise<BatchEnd>;
}

type BatchEnd =
  | {
      readonly committed: true;
      /** Queues whose rows a later overlapping batch must hold. */
      readonly stopped: ReadonlySet<string>;
      /** Rows that failed here: their backoff holds their queues' later rows, the next batch's too. */
      readonly failedIds: readonly string[];
    }
  | { readonly committed: false; readonly error: unknown };

export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly publisher: MessagePublisher;
  private readonly ownsPublisher: boolean;
  private readonly log: Logger | undefined;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly batchSize: number;
  private readonly confirmWindow: ConfirmWindow;
  private readonly overlap: number;
  private readonly now: () => number;
  private readonly observer: RelayObserver | undefined;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly useListen: boolean;
  private readonly databaseUrl: string;

  private listener: pg.Client | null = null;
  private loopDone: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private notified = false;
  private counters = { sent: 0, failures: 0, dead: 0, batches: 0 };
  private lastError: string | null = null;
  private lastDatabaseError: unknown = undefined;

  constructor(opts: OutboxRelayOptions) {
    if (opts.publisher === undefined && opts.amqpUrl === undefined) {
      throw new TypeError('OutboxRelay needs amqpUrl or publisher');
    }
    this.databaseUrl = opts.databaseUrl;
    this.overlap = opts.overlap ?? 3;
    if (!Number.isInteger(this.overlap) || this.overlap < 1)
      throw new RangeError(`overlap must be a positive integer, got ${String(opts.overlap)}`);
    // One connection per open batch, and one for stats().
    this.pool = new pg.Pool({ connectionString: opts.databaseUrl, max: this.overlap + 1 });
    this.pool.on('error', (e) => {
      this.logLevel()({ err: e.message }, 'outbox relay: idle pg client error');
    });
    this.log = opts.log;
    this.timers = opts.timers ?? realTimers;
    this.publisher =
      opts.publisher ??
      new AmqpPublisher({
        amqpUrl: opts.amqpUrl ?? '',
        timers: this.timers,
        ...(opts.log === undefined ? {} : { log: opts.log }),
      });
    this.ownsPublisher = opts.publisher === undefined;
    this.clock = opts.clock ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    this.confirmWindow = new ConfirmWindow(opts.window ?? DEFAULT_CONFIRM_WINDOW);
    this.now = opts.now ?? (() => performance.now());
    this.observer = opts.observer;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.useListen = opts.listen ?? true;
  }

  metrics(): RelayMetrics {
    return { ...this.counters, lastError: this.lastError, running: this.loopDone !== null && !this.stopping };
  }

  /** Counters plus the current number of pending rows (for benchmarks and monitoring). */
  async stats(): Promise<RelayMetrics & { readonly pending: number }> {
    return { ...this.metrics(), pending: await this.pendingCount() };
  }

  /** Rows not yet sent (and not dead). */
  async pendingCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "OutboxMessage" WHERE state = 'pending'`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Start the background loop (idempotent). */
  async start(): Promise<void> {
    if (this.loopDone) return;
    this.stopping = false;
    if (this.useListen) await this.startListening();
    this.loopDone = this.loop();
  }

  /** Stop the loop after the current batch; closes connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    this.loopDone = null;
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    if (this.ownsPublisher) await this.publisher.close();
    await this.pool.end().catch(() => undefined);
  }

  /** Wake the loop now (e.g. after an in-process write). */
  poke(): void {
    this.notified = true;
    this.wake?.();
  }

  /**
   * Claim up to batchSize due rows, publish them, record the outcome; returns the number claimed.
   * Safe to call concurrently from several relays/processes. The background loop overlaps batches instead.
   */
  async drainOnce(): Promise<number> {
    const batch = await this.startBatch([]);
    const end = await batch.done;
    if (!end.committed) throw end.error;
    return batch.claimed;
  }

  /**
   * Claims a batch while the `ahead` batches (oldest first) still wait for their confirms, and starts publishing it
   * once theirs are all issued, so per channel its rows follow theirs. Its `done` settles after theirs: it inherits
   * the queues they stopped (docs/guarantees.md#relay-pipelining).
   */
  private async startBatch(ahead: readonly RunningBatch[]): Promise<RunningBatch> {
    const client = await this.pool.connect();
    // pg-pool listens for errors on idle clients only. This one stays checked out while it waits for broker
    // confirms with no query running, so a database restart then would be an unhandled 'error' event that kills
    // the process. The failure surfaces at the next query instead, and the client is discarded on release.
    let broken: Error | undefined;
    const onError = (e: Error): void => {
      broken = e;
      this.logLevel()({ err: e.message }, 'outbox relay: database connection lost during a batch');
    };
    client.on('error', onError);
    const release = (): void => {
      client.off('error', onError);
      client.release(broken);
    };
    const startedAt = this.now();
    let rows: ClaimedRow[];
    try {
      rows = await beginAndClaim(
        client,
        this.clock(),
        this.batchSize,
        ahead.flatMap((b) => b.rowIds),
      );
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      release();
      throw e;
    }
    const claimedAt = this.now();
    // Each batch starts issuing after the one before it has issued everything, so the last one suffices.
    await ahead.at(-1)?.issued;
    const publishing = startPipelined(this.publisher, rows, this.confirmWindow);
    const done = this.finishBatch(client, rows, publishing.settled, ahead, startedAt, claimedAt).finally(
      release,
    );
    return { claimed: rows.length, rowIds: rows.map((r) => r.id), issued: publishing.issued, done };
  }

  /** Waits for the confirms and the batches ahead, then records failures, marks the rest sent and commits. */
  private async finishBatch(
    client: pg.PoolClient,
    rows: readonly ClaimedRow[],
    settled: Promise<RowOutcome[]>,
    ahead: readonly RunningBatch[],
    startedAt: number,
    claimedAt: number,
  ): Promise<BatchEnd> {
    try {
      const outcomes = await settled;
      const confirmedAt = this.now();
      const stoppedAhead = new Set<string>();
      const failedAhead: string[] = [];
      for (const batch of ahead) {
        const end = await batch.done;
        if (!end.committed) {
          // Nothing of that batch was marked: its rows go again, and ours must not be marked before them.
          await client.query('ROLLBACK');
          return { committed: false, error: end.error };
        }
        for (const key of end.stopped) stoppedAhead.add(key);
        failedAhead.push(...end.failedIds);
      }
      const { sent, failed, held, stopped } = settleBatch(rows, outcomes, stoppedAhead);
      const now = this.clock();
      if (failed.length > 0) await this.recordFailures(client, failed, now);
      const failedIds = failed.map((f) => f.row.id);
      const behind = held > 0 ? [...failedAhead, ...failedIds] : failedIds;
      if (behind.length > 0) await this.holdBehind(client, behind);
      await markSentAndCommit(client, sent, now);
      this.counters.sent += sent.length;
      this.counters.batches += 1;
      if (sent.length > 0) this.log?.debug({ sent: sent.length }, 'outbox rows published');
      this.observer?.batch?.({
        claimed: rows.length,
        sent: sent.length,
        failed: failed.length,
        held,
        claimMs: claimedAt - startedAt,
        publishMs: confirmedAt - claimedAt,
        totalMs: this.now() - startedAt,
      });
      return { committed: true, stopped, failedIds };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      return { committed: false, error: e };
    }
  }

  private async recordFailures(
    client: pg.PoolClient,
    failed: { row: ClaimedRow; error: PublishError }[],
    now: Date,
  ): Promise<void> {
    const queueIds = [
      ...new Set(failed.map((f) => f.row.subscriptionQueueId).filter((x): x is string => x !== null)),
    ];
    const { rows: live } = await client.query<{ id: string }>(
      `SELECT id FROM "SubscriptionQueue" WHERE id = ANY($1::text[])`,
      [queueIds],
    );
    const liveIds = new Set(live.map((r) => r.id));
    for (const { row, error } of failed) {
      const attempts = row.attempts + 1;
      const message = `${error.code}: ${error.message}`;
      const dead = row.subscriptionQueueId !== null && !liveIds.has(row.subscriptionQueueId);
      const availableAt = new Date(now.getTime() + backoffDelay(attempts, this.backoff, this.random));
      await client.query(
        `UPDATE "OutboxMessage" SET attempts = $2, "lastError" = $3, "availableAt" = $4, state = $5 WHERE id = $1::bigint`,
        [row.id, attempts, message, availableAt, dead ? 'dead' : 'pending'],
      );
      this.counters.failures += 1;
      if (dead) this.counters.dead += 1;
      this.observer?.failed?.(error.code, dead);
      this.lastError = message;
    }
    this.log?.warn(
      { failed: failed.length, lastError: this.lastError },
      'outbox publish failed; rows stay pending with backoff',
    );
  }

  /**
   * The failed rows' later pending rows wait out the same backoff, so they are not claimed (and held back) batch
   * after batch, starving other queues. Our own locked rows are included; rows another relay holds are skipped
   * (its order check holds them).
   */
  private async holdBehind(client: pg.PoolClient, ids: readonly string[]): Promise<void> {
    await client.query(
      `WITH failed AS (
         SELECT id, vhost, queue, "availableAt" AS until FROM "OutboxMessage" WHERE id = ANY($1::bigint[])
       ), later AS (
         SELECT o.id, f.until FROM "OutboxMessage" o
           JOIN failed f ON o.vhost = f.vhost AND o.queue = f.queue AND o.id > f.id
          WHERE o.state = 'pending' AND o."availableAt" < f.until
            FOR UPDATE OF o SKIP LOCKED
       )
       UPDATE "OutboxMessage" o SET "availableAt" = later.until FROM later WHERE o.id = later.id`,
      [ids],
    );
  }

  /** Up to `overlap` batches at once: the next ones are claimed while earlier ones wait for their confirms. */
  private async loop(): Promise<void> {
    const open: RunningBatch[] = [];
    while (!this.stopping) {
      let next: RunningBatch | null = null;
      try {
        next = await this.startBatch([...open]);
      } catch (e) {
        this.noteDatabaseError(e);
      }
      const more = next !== null && next.claimed >= this.batchSize;
      if (next !== null) open.push(next);
      // With more rows waiting, keep `overlap - 1` batches open while the next is claimed; else finish them all.
      while (open.length > 0 && (!more || open.length >= this.overlap))
        await this.settled(open.shift() ?? null);
      if (this.isStopping()) break;
      if (this.useListen && this.listener === null) await this.startListening().catch(() => undefined);
      if (more) continue;
      await this.sleep(this.pollIntervalMs);
    }
    while (open.length > 0) await this.settled(open.shift() ?? null);
  }

  private async settled(batch: RunningBatch | null): Promise<void> {
    const end = await batch?.done;
    // A batch rolled back behind a failed one carries the same error: note it once.
    if (end !== undefined && !end.committed && end.error !== this.lastDatabaseError)
      this.noteDatabaseError(end.error);
  }

  private noteDatabaseError(e: unknown): void {
    this.lastDatabaseError = e;
    this.lastError = `ERR_RELAY_DB: ${e instanceof Error ? e.message : String(e)}`;
    this.log?.warn({ err: this.lastError }, 'outbox relay: database error');
  }

  /** Connection errors are expected noise while shutting down (the database may stop first). */
  private logLevel(): (obj: object, msg: string) => void {
    const log = this.log;
    if (log === undefined) return () => undefined;
    return this.stopping ? log.debug.bind(log) : log.warn.bind(log);
  }

  private isStopping(): boolean {
    return this.stopping;
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        this.wake = null;
        this.notified = false;
        this.timers.clearTimeout(handle);
        resolve();
      };
    });
  }

  private async startListening(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    const drop = (): void => {
      if (this.listener === client) this.listener = null;
    };
    client.on('error', (e) => {
      this.logLevel()({ err: e.message }, 'outbox relay: LISTEN connection lost; polling until it is back');
      drop();
    });
    client.on('end', drop);
    client.on('notification', () => {
      this.poke();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
    this.listener = client;
  }
}
