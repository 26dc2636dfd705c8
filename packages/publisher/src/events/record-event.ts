// Recipients -> outbox rows for one event (docs/protocol.md#recipients, docs/protocol.md#unified-path): first the
// unified consumers (one enriched envelope per `consumer_*` queue), then the legacy subscription queues of every
// other user — a user who owns a unified queue that got the event is left out of the legacy fan-out, as in
// Waldur's prepare_messages. Rows are inserted in the caller's transaction, in one statement that also NOTIFYs
// the relays.
import { buildMessages, buildUnifiedMessage, type ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox-channel.js';
import { findRecipients, type Tx } from './recipients.js';
import { unifiedEnrichment } from './unified-enrichment.js';
import { findUnifiedRecipients } from './unified-recipients.js';

export interface EventToRecord {
  readonly offeringId: string;
  readonly objectType: ObservableObjectType;
  readonly payload: Record<string, unknown>;
  /** Projects the event is about: they grant consumer access and are unified scope keys. */
  readonly consumerProjectIds: readonly string[];
}

/** Returns the number of outbox rows (= queues) written. */
export async function recordEvent(tx: Tx, e: EventToRecord, log?: Logger): Promise<number> {
  const { offeringId, objectType, payload, consumerProjectIds } = e;
  const unified = await findUnifiedRecipients(tx, { offeringId, objectType, consumerProjectIds });
  const covered = new Set(unified.map((r) => r.userId));
  const legacy = (await findRecipients(tx, { offeringId, objectType, consumerProjectIds })).filter(
    (r) => !covered.has(r.userId),
  );
  if (unified.length + legacy.length === 0) {
    log?.debug({ offeringId, objectType }, 'no subscriber queue for event');
    return 0;
  }
  const enrichment = unified.length === 0 ? {} : await unifiedEnrichment(tx, objectType, payload);
  const rows = [
    ...unified.map((r) => ({
      message: buildUnifiedMessage({
        vhost: r.vhost,
        consumerUuid: r.consumerId,
        offeringUuid: offeringId,
        objectType,
        payload,
        enrichment,
      }),
      subscriptionQueueId: null,
    })),
    ...buildMessages(
      { offeringUuid: offeringId, objectType, payload },
      legacy.map((r) => ({ vhost: r.vhost, subscriptionUuid: r.subscriptionId })),
    ).map((message, i) => ({ message, subscriptionQueueId: legacy[i]?.subscriptionQueueId ?? null })),
  ];
  const messages = rows.map((r) => r.message);
  // Every legacy queue of an event gets the same body: each distinct body is sent once, rows refer to it.
  const bodies: string[] = [];
  const bodyIndex = new Map<string, number>();
  const bodyOf = messages.map((m) => {
    let at = bodyIndex.get(m.body);
    if (at === undefined) {
      at = bodies.push(m.body);
      bodyIndex.set(m.body, at);
    }
    return at;
  });
  // One statement for every queue of the event, and the NOTIFY with it (delivered at commit). Prisma's
  // createMany costs a multiple of this in CPU at large fan-outs. Timestamps in UTC, as Prisma writes them.
  await tx.$executeRaw`
    WITH rows AS (
      INSERT INTO "OutboxMessage"
        (vhost, queue, topic, body, headers, "objectType", "subscriptionQueueId", "createdAt", "availableAt")
      SELECT v, q, t, (${bodies}::text[])[b], h::json, ${objectType}, s, now() AT TIME ZONE 'UTC',
             now() AT TIME ZONE 'UTC'
        FROM unnest(${messages.map((m) => m.vhost)}::text[], ${messages.map((m) => m.queue)}::text[],
                    ${messages.map((m) => m.topic)}::text[], ${bodyOf}::int[],
                    ${messages.map((m) => JSON.stringify(m.headers))}::text[],
                    ${rows.map((r) => r.subscriptionQueueId)}::text[]) AS x(v, q, t, b, h, s)
      RETURNING 1
    )
    SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '')`;
  log?.debug({ offeringId, objectType, queues: rows.length }, 'event recorded');
  return rows.length;
}
