// Moves committed outbox rows to RabbitMQ, where Waldur's "publish after the fact, drop on failure" loses
// events. Guarantees:
//  - a row is marked sent only after the broker's publisher confirm (at-least-once: a crash between confirm
//    and commit re-publishes that row once);
//  - rows are claimed with SELECT … FOR UPDATE SKIP LOCKED inside a transaction held until the row is
//    marked, so several relays (publisher processes) on one database never publish a row concurrently;
//  - per queue, rows go out in commit order: a row never overtakes an earlier pending row of its queue
//    (one waiting out a backoff, or claimed by another relay);
//  - a failed publish (broker away, vhost or queue missing, no confirm) keeps the row pending with
//    lastError and a capped exponential backoff with jitter; it is never dropped. The one exception: when
//    the SubscriptionQueue it was addressed to has been deleted (the subscriber unsubscribed), a failed row
//    moves to state 'dead' instead of retrying forever (kept in the table for inspection).
// Wake-ups: PostgreSQL LISTEN on the outbox channel (NOTIFY at commit) plus a short poll as a safety net.
// Uses `pg` directly (not Prisma) for explicit transaction, LISTEN and row-lock control.
import pg from 'pg';
import type { Logger } from 'pino';
import { AmqpPublisher, realTimers, type MessagePublisher, type Timers } from './amqp-publisher.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox-channel.js';
import { PublishError } from './publish-error.js';
import type { RelayObserver } from './relay-observer.js';

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
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  /** Use LISTEN/NOTIFY (default true). */
  readonly listen?: boolean;
  /** Metrics hook (docs/metrics.md#publisher). */
  readonly observer?: RelayObserver;
}

export interface RelayMetrics {
  readonly sent: number;
  readonly failures: number;
  readonly dead: number;
  readonly batches: number;
  readonly lastError: string | null;
  readonly running: boolean;
}

const queueKey = (row: { vhost: string; queue: string }): string => `${row.vhost}\u0000${row.queue}`;

interface ClaimedRow {
  id: string;
  vhost: string;
  queue: string;
  body: string;
  headers: Record<string, string>;
  attempts: number;
  subscriptionQueueId: string | null;
}

export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly publisher: MessagePublisher;
  private readonly ownsPublisher: boolean;
  private readonly log: Logger | undefined;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly useListen: boolean;
  private readonly databaseUrl: string;
  private readonly observer: RelayObserver | undefined;

  private listener: pg.Client | null = null;
  private loopDone: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private notified = false;
  private counters = { sent: 0, failures: 0, dead: 0, batches: 0 };
  private lastError: string | null = null;

  constructor(opts: OutboxRelayOptions) {
    if (opts.publisher === undefined && opts.amqpUrl === undefined) {
      throw new TypeError('OutboxRelay needs amqpUrl or publisher');
    }
    this.databaseUrl = opts.databaseUrl;
    this.pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
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
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.useListen = opts.listen ?? true;
    this.observer = opts.observer;
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
   * Safe to call concurrently from several relays/processes.
   */
  async drainOnce(): Promise<number> {
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
    let claimed = 0;
    try {
      await client.query('BEGIN');
      const now = this.clock();
      const { rows } = await client.query<ClaimedRow>(
        `SELECT id::text AS id, vhost, queue, body, headers, attempts, "subscriptionQueueId"
           FROM "OutboxMessage"
          WHERE state = 'pending' AND "availableAt" <= $1
          -- the table column: ORDER BY id would sort by the text alias ("10" before "9")
          ORDER BY "OutboxMessage".id
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [now, this.batchSize],
      );
      const ordered = await this.inQueueOrder(client, rows);
      claimed = ordered.length;
      const sent: string[] = [];
      const failed: { row: ClaimedRow; error: PublishError }[] = [];
      // A vhost we could not reach is not retried again within the same batch.
      const unreachable = new Map<string, PublishError>();
      // After a failure in a queue, its later rows wait (untouched) so they cannot overtake it.
      const blocked = new Set<string>();
      for (const row of ordered) {
        if (blocked.has(queueKey(row))) continue;
        const known = unreachable.get(row.vhost);
        if (known) {
          failed.push({ row, error: known });
          blocked.add(queueKey(row));
          continue;
        }
        try {
          const started = this.observer === undefined ? 0 : performance.now();
          await this.publisher.publish({
            vhost: row.vhost,
            queue: row.queue,
            body: row.body,
            headers: row.headers,
          });
          sent.push(row.id);
          this.observer?.published((performance.now() - started) / 1000);
        } catch (e) {
          const error =
            e instanceof PublishError ? e : new PublishError('ERR_PUBLISH_CHANNEL', String(e), { cause: e });
          if (error.code === 'ERR_PUBLISH_CONNECT') unreachable.set(row.vhost, error);
          failed.push({ row, error });
          blocked.add(queueKey(row));
        }
      }
      const doneAt = this.clock();
      if (sent.length > 0) {
        await client.query(
          `UPDATE "OutboxMessage" SET state = 'sent', "sentAt" = $1, attempts = attempts + 1, "lastError" = NULL
            WHERE id = ANY($2::bigint[])`,
          [doneAt, sent],
        );
      }
      if (failed.length > 0) await this.recordFailures(client, failed, doneAt);
      await client.query('COMMIT');
      this.counters.sent += sent.length;
      this.counters.batches += 1;
      if (sent.length > 0) this.log?.debug({ sent: sent.length }, 'outbox rows published');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
    return claimed;
  }

  /**
   * Per-queue commit order: of the claimed rows, keep for each queue only those that form a prefix of that
   * queue's pending rows. An earlier pending row that is not ours (waiting out its backoff, or being
   * published by another relay) goes first; ours are left untouched for a later round.
   */
  private async inQueueOrder(client: pg.PoolClient, rows: readonly ClaimedRow[]): Promise<ClaimedRow[]> {
    const last = rows[rows.length - 1]; // rows come in id order
    if (last === undefined) return [];
    const queues = [...new Map(rows.map((r) => [queueKey(r), r])).values()];
    // One query for the whole batch: the pending ids of every claimed row's queue, up to our newest row.
    const { rows: pending } = await client.query<{ id: string; vhost: string; queue: string }>(
      `SELECT o.id::text AS id, o.vhost, o.queue
         FROM "OutboxMessage" o
         JOIN unnest($1::text[], $2::text[]) AS q(vhost, queue) ON o.vhost = q.vhost AND o.queue = q.queue
        WHERE o.state = 'pending' AND o.id <= $3::bigint
        ORDER BY o.id`,
      [queues.map((r) => r.vhost), queues.map((r) => r.queue), last.id],
    );
    const pendingIds = new Map<string, string[]>();
    for (const p of pending) {
      const ids = pendingIds.get(queueKey(p));
      if (ids) ids.push(p.id);
      else pendingIds.set(queueKey(p), [p.id]);
    }
    // Ours go while they match their queue's pending ids from the start; the first mismatch stops the queue.
    const next = new Map<string, number>();
    return rows.filter((row) => {
      const key = queueKey(row);
      const i = next.get(key) ?? 0;
      const ok = i >= 0 && pendingIds.get(key)?.[i] === row.id;
      next.set(key, ok ? i + 1 : -1);
      return ok;
    });
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
      this.observer?.failed(error.code, dead);
      this.lastError = message;
    }
    this.log?.warn(
      { failed: failed.length, lastError: this.lastError },
      'outbox publish failed; rows stay pending with backoff',
    );
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.drainOnce();
      } catch (e) {
        this.lastError = `ERR_RELAY_DB: ${e instanceof Error ? e.message : String(e)}`;
        this.log?.warn({ err: this.lastError }, 'outbox relay: database error');
      }
      if (this.isStopping()) break;
      if (this.useListen && this.listener === null) await this.startListening().catch(() => undefined);
      if (claimed >= this.batchSize) continue;
      await this.sleep(this.pollIntervalMs);
    }
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
