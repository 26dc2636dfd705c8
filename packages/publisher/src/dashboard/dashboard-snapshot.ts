// Builds one DashboardSnapshot from the database, the in-memory callback log and the RabbitMQ management API
// (docs/dashboard.md#data). Bounded: the latest events, orders and resources only.
import { consumerQueueName, isObservableObjectType, queueName } from '@waldur-sim/protocol';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { CallbackLog } from './callback-log.js';
import type {
  DashboardAgent,
  DashboardEvent,
  DashboardQueue,
  DashboardSnapshot,
} from './dashboard-snapshot-types.js';

/** The management API's queue object, the fields the dashboard shows. */
export interface QueueStats {
  readonly messages?: number;
  readonly consumers?: number;
  readonly message_stats?: {
    readonly publish_details?: { readonly rate?: number };
    readonly deliver_get_details?: { readonly rate?: number };
    readonly ack_details?: { readonly rate?: number };
  };
}

export type QueueStatsSource = (vhost: string, queue: string) => Promise<QueueStats | null>;

export interface SnapshotSources {
  readonly prisma: PrismaClient;
  readonly callbacks: CallbackLog;
  readonly queueStats: QueueStatsSource;
  readonly clock: () => Date;
  /** An agent with no queue consumer and no heartbeat for this long is down. */
  readonly staleAfterSeconds: number;
  readonly limit: number;
}

const short = (id: string): string => id.slice(0, 8);
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function describe(objectType: string, body: string): { summary: string; orderId: string | null } {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // a row body is always JSON; show the type alone otherwise
  }
  const orderId = typeof payload.order_uuid === 'string' ? payload.order_uuid.replaceAll('-', '') : null;
  if (orderId !== null) {
    const state = typeof payload.order_state === 'string' ? payload.order_state : '?';
    return { summary: `order ${short(orderId)} → ${state}`, orderId };
  }
  const firstId = Object.entries(payload).find(([k, v]) => k.endsWith('_uuid') && typeof v === 'string');
  return { summary: firstId ? `${objectType} ${short(String(firstId[1]))}` : objectType, orderId: null };
}

type SnapshotQueue = DashboardQueue & { userId: string };
type QueueIdentity = Pick<
  SnapshotQueue,
  'queue' | 'vhost' | 'objectType' | 'offering' | 'subscriber' | 'userId'
>;

/** A queue with its figures from the management API (null when they could not be read). */
async function withStats(src: SnapshotSources, q: QueueIdentity): Promise<SnapshotQueue> {
  const stats = await src.queueStats(q.vhost, q.queue).catch(() => null);
  const m = stats?.message_stats;
  return {
    ...q,
    messages: stats?.messages ?? null,
    consumers: stats?.consumers ?? null,
    publishRate: stats === null ? null : (m?.publish_details?.rate ?? 0),
    deliverRate: stats === null ? null : (m?.deliver_get_details?.rate ?? 0),
    ackRate: stats === null ? null : (m?.ack_details?.rate ?? 0),
  };
}

async function readQueues(src: SnapshotSources): Promise<SnapshotQueue[]> {
  const rows = await src.prisma.subscriptionQueue.findMany({
    include: { subscription: { include: { user: true } }, offering: true },
    orderBy: { createdAt: 'asc' },
  });
  const known = rows.filter((q) => isObservableObjectType(q.objectType));
  return Promise.all(
    known.map((q) =>
      withStats(src, {
        queue: queueName({
          subscriptionUuid: q.subscriptionId,
          offeringUuid: q.offeringId,
          objectType: q.objectType as Parameters<typeof queueName>[0]['objectType'],
        }),
        vhost: q.subscription.userId,
        objectType: q.objectType,
        offering: q.offering.name,
        subscriber: q.subscription.user.username,
        userId: q.subscription.userId,
      }),
    ),
  );
}

/**
 * Unified-path queues (docs/protocol.md#unified-path): one `consumer_<uuid>` per event consumer, for all its
 * object types. An agent identity's consumer counts for that agent like its legacy queues do.
 */
async function readConsumerQueues(src: SnapshotSources): Promise<SnapshotQueue[]> {
  const rows = await src.prisma.eventConsumer.findMany({
    where: { queueCreated: true },
    include: { user: true, identity: { include: { offering: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return Promise.all(
    rows.map((c) => {
      const types = Array.isArray(c.objectTypes) ? c.objectTypes.map(String) : [];
      return withStats(src, {
        queue: consumerQueueName(c.id),
        vhost: c.userId,
        objectType: types.length === 0 ? 'all' : types.join(', '),
        offering: c.identity?.offering.name ?? '',
        subscriber: c.user.username,
        userId: c.userId,
      });
    }),
  );
}

export async function buildSnapshot(src: SnapshotSources): Promise<DashboardSnapshot> {
  const { prisma } = src;
  const now = src.clock();
  const [counts, oldest, rows, legacyQueues, consumerQueues, identities, orders, resources] =
    await Promise.all([
      prisma.outboxMessage.groupBy({ by: ['state'], _count: { _all: true } }),
      prisma.outboxMessage.findFirst({ where: { state: 'pending' }, orderBy: { id: 'asc' } }),
      prisma.outboxMessage.findMany({ orderBy: { id: 'desc' }, take: src.limit }),
      readQueues(src),
      readConsumerQueues(src),
      prisma.agentIdentity.findMany({
        include: { services: true, offering: true },
        orderBy: { name: 'asc' },
      }),
      prisma.order.findMany({ orderBy: { modified: 'desc' }, take: src.limit }),
      prisma.resource.findMany({ orderBy: { modified: 'desc' }, take: src.limit }),
    ]);
  const queues = [...legacyQueues, ...consumerQueues];
  const count = (state: string): number => counts.find((c) => c.state === state)?._count._all ?? 0;
  const subscribers = new Set(queues.map((q) => q.userId));

  // Rows come newest first: the next event of the same order ends the window of an event's agent calls.
  const nextOfOrder = new Map<string, Date>();
  const events: DashboardEvent[] = rows.map((r) => {
    const { summary, orderId } = describe(r.objectType, r.body);
    const confirmed = r.sentAt;
    const until = orderId === null ? null : (nextOfOrder.get(orderId) ?? null);
    if (orderId !== null) nextOfOrder.set(orderId, r.createdAt);
    const after = (writes: boolean): string | null =>
      orderId === null || confirmed === null
        ? null
        : iso(src.callbacks.first(orderId, { since: confirmed, until }, subscribers, writes));
    return {
      id: r.id.toString(),
      objectType: r.objectType,
      summary,
      state: r.state,
      attempts: r.attempts,
      lastError: r.lastError,
      hops: {
        recorded: r.createdAt.toISOString(),
        confirmed: iso(confirmed),
        delivered: after(false),
        applied: after(true),
      },
    };
  });

  const agents: DashboardAgent[] = identities.map((identity) => {
    const own = queues.filter(
      (q) => q.userId === identity.createdById && q.offering === identity.offering.name,
    );
    const consumers = own.reduce((n, q) => n + (q.consumers ?? 0), 0);
    const beat = [identity.modified, ...identity.services.map((s) => s.modified)].reduce((a, b) =>
      a > b ? a : b,
    );
    const fresh = now.getTime() - beat.getTime() <= src.staleAfterSeconds * 1000;
    return {
      name: identity.name,
      offering: identity.offering.name,
      version: identity.version,
      lastHeartbeat: beat.toISOString(),
      status: consumers > 0 || (own.length === 0 && fresh) ? 'up' : 'down',
      consumers,
      services: identity.services.map((s) => ({
        name: s.name,
        state: s.state,
        modified: s.modified.toISOString(),
      })),
    };
  });

  return {
    at: now.toISOString(),
    outbox: {
      pending: count('pending'),
      sent: count('sent'),
      dead: count('dead'),
      lagSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000),
    },
    events,
    queues: queues.map(({ userId: _userId, ...q }) => q),
    agents,
    orders: orders.map((o) => ({
      uuid: o.id,
      type: o.type,
      state: o.state,
      resource: o.resourceId,
      modified: o.modified.toISOString(),
    })),
    resources: resources.map((r) => ({
      uuid: r.id,
      name: r.name,
      state: r.state,
      backendId: r.backendId,
      modified: r.modified.toISOString(),
    })),
  };
}
