// The relay's two statements per batch (docs/guarantees.md#relay-pipelining). Each is one round trip:
// "BEGIN + claim" and "mark sent + COMMIT" go as one simple-protocol query, so their parameters are inlined
// (only digits and a formatted timestamp, never row content).
import type pg from 'pg';

export interface ClaimedRow {
  id: string;
  vhost: string;
  queue: string;
  body: string;
  headers: Record<string, string>;
  attempts: number;
  subscriptionQueueId: string | null;
}

interface ClaimResultRow extends ClaimedRow {
  /** Smallest pending id of the row's queue that this batch did not claim (held back or locked elsewhere). */
  gate: string | null;
}

/** `timestamp(3)` literal; Prisma stores DateTime columns as UTC. */
export function sqlTimestamp(d: Date): string {
  return `'${d.toISOString().replace('T', ' ').replace('Z', '')}'::timestamp(3)`;
}

function sqlIdArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^\d+$/.test(id)) throw new TypeError(`not an outbox row id: ${id}`);
  return `'{${ids.join(',')}}'::bigint[]`;
}

/**
 * BEGIN, then lock up to `limit` due rows (SKIP LOCKED) and keep, per queue, only the rows that come
 * before any pending row of that queue we did not get: a row never overtakes an earlier pending row of its
 * queue (waiting out a backoff, or claimed by another relay). `ahead` are rows this relay's previous batch still
 * holds: they are published before this batch's rows on the same channels, so they do not stop them (if one of
 * them fails, the relay holds this batch's rows of its queue when it settles). Returns the kept rows in id order.
 */
export async function beginAndClaim(
  client: pg.ClientBase,
  now: Date,
  limit: number,
  ahead: readonly string[] = [],
): Promise<ClaimedRow[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`bad batch size ${String(limit)}`);
  const passAhead = ahead.length === 0 ? '' : ` AND o.id <> ALL(${sqlIdArray(ahead)})`;
  // A bitmap scan would read every pending row and sort them; the statistics of a queue table are often stale
  // (a burst of inserts looks like a few rows), so the ordered scan of the partial pending index is forced.
  // The commit need not wait for the WAL flush: a "sent" mark lost in a database crash only means those rows
  // go out again, which at-least-once delivery allows (docs/guarantees.md#relay-pipelining).
  const results = (await client.query(`BEGIN;
    SET LOCAL enable_bitmapscan = off;
    SET LOCAL synchronous_commit = off;
    WITH claimed AS MATERIALIZED (
      SELECT id, vhost, queue, body, headers, attempts, "subscriptionQueueId"
        FROM "OutboxMessage"
       WHERE state = 'pending' AND "availableAt" <= ${sqlTimestamp(now)}
       ORDER BY id
       LIMIT ${String(limit)}
       FOR UPDATE SKIP LOCKED
    ), gates AS MATERIALIZED (
      -- per queue (not per row): its first pending row below our newest that we did not claim; the id tests are
      -- hashed, so each queue costs an index probe over its own few rows, not a pass over the whole batch
      SELECT q.vhost, q.queue,
             (SELECT min(o.id) FROM "OutboxMessage" o
               WHERE o.vhost = q.vhost AND o.queue = q.queue AND o.state = 'pending' AND o.id < q.last
                 AND o.id NOT IN (SELECT c.id FROM claimed c)${passAhead}) AS gate
        FROM (SELECT vhost, queue, max(id) AS last FROM claimed GROUP BY vhost, queue) q
    )
    SELECT c.id::text AS id, c.vhost, c.queue, c.body, c.headers, c.attempts, c."subscriptionQueueId",
           g.gate::text AS gate
      FROM claimed c JOIN gates g ON g.vhost = c.vhost AND g.queue = c.queue
     ORDER BY c.id`)) as unknown as [
    pg.QueryResult,
    pg.QueryResult,
    pg.QueryResult,
    pg.QueryResult<ClaimResultRow>,
  ];
  const rows = results[3].rows;
  return rows
    .filter((r) => r.gate === null || BigInt(r.id) < BigInt(r.gate))
    .map(({ gate: _gate, ...row }) => row);
}

/** Marks the confirmed rows sent and commits, in one round trip. */
export async function markSentAndCommit(
  client: pg.ClientBase,
  ids: readonly string[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) {
    await client.query('COMMIT');
    return;
  }
  await client.query(`UPDATE "OutboxMessage"
      SET state = 'sent', "sentAt" = ${sqlTimestamp(at)}, attempts = attempts + 1, "lastError" = NULL
    WHERE id = ANY(${sqlIdArray(ids)});
    COMMIT`);
}
