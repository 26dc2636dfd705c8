// Waldur's periodic producers on a fake clock and fake timers (real PostgreSQL): the pending-order resend
// announces orders pending for the provider longer than the minimum age, once per content within the tracker's
// TTL; the resource resync re-announces stale site-agent resources; both reach unified consumers too; the scheduler
// runs each task on its period.
import { consumerQueueName } from '@waldur-sim/protocol';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { PeriodicProducers, type PeriodicTimers } from '../../src/periodic/periodic-producers.js';
import { resendPendingOrders } from '../../src/periodic/pending-order-resend.js';
import { resyncResources } from '../../src/periodic/resource-resync.js';
import { newHexId } from '../../src/services.js';
import { as } from '../api/requests.js';
import { startApi, type ApiContext } from '../api/api-world.js';

const HOUR = 60 * 60_000;
let now = new Date('2026-09-01T10:00:00Z');
const clock = (): Date => now;
let ctx: ApiContext;

beforeAll(async () => {
  ctx = await startApi({ clock });
  // A legacy subscriber (the provider owner) with order and resource queues for the offering; no broker needed
  // to record outbox rows.
  const w = ctx.world;
  const sub = await ctx.prisma.eventSubscription.create({
    data: {
      id: newHexId(),
      userId: w.providerOwner.id,
      observableObjects: [{ object_type: 'order' }, { object_type: 'resource' }],
    },
  });
  for (const objectType of ['order', 'resource'])
    await ctx.prisma.subscriptionQueue.create({
      data: { id: newHexId(), subscriptionId: sub.id, offeringId: w.offeringId, objectType },
    });
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.prisma.outboxMessage.deleteMany();
});

const deps = () => ({ prisma: ctx.prisma, clock });

async function bodies(objectType: string): Promise<Record<string, unknown>[]> {
  const rows = await ctx.prisma.outboxMessage.findMany({ where: { objectType }, orderBy: { id: 'asc' } });
  return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

async function pendingProviderOrder(): Promise<string> {
  const consumer = as(ctx.app, ctx.world.projectAdmin);
  const created = await consumer.post('/api/marketplace-orders/', {
    offering: ctx.world.offeringId,
    project: ctx.world.projectId,
    attributes: { name: 'resend' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ uuid: string }>().uuid;
  expect((await consumer.post(`/api/marketplace-orders/${id}/approve_by_consumer/`)).statusCode).toBe(200);
  await ctx.prisma.outboxMessage.deleteMany();
  return id;
}

it('pending-order resend: only after the minimum age, once per content within the TTL, with sequence numbers', async () => {
  const orderId = await pendingProviderOrder();
  now = new Date(now.getTime() + 30 * 60_000);
  expect(await resendPendingOrders(deps(), HOUR)).toBe(0);

  now = new Date(now.getTime() + 31 * 60_000);
  expect(await resendPendingOrders(deps(), HOUR)).toBe(1);
  const [first] = await bodies('order');
  expect(Object.keys(first ?? {})).toEqual(['order_uuid', 'order_state', 'sequence_number', 'offering_uuid']);
  expect(first).toMatchObject({ order_uuid: orderId, order_state: 'pending-provider' });

  now = new Date(now.getTime() + HOUR);
  expect(await resendPendingOrders(deps(), HOUR)).toBe(0);

  now = new Date(now.getTime() + 4 * HOUR);
  expect(await resendPendingOrders(deps(), HOUR)).toBe(1);
  const [, second] = await bodies('order');
  expect(second?.sequence_number).toBe((first?.sequence_number as number) + 1);

  // Once the provider acted, the order is no longer pending and nothing is resent.
  await ctx.prisma.order.update({ where: { id: orderId }, data: { state: 'executing' } });
  now = new Date(now.getTime() + 5 * HOUR);
  expect(await resendPendingOrders(deps(), HOUR)).toBe(0);
});

it('resource resync: stale OK resources of site-agent offerings, skipped while fresh or unchanged', async () => {
  const resourceId = ctx.world.resourceId;
  expect(await resyncResources(deps(), HOUR)).toBe(1);
  const [msg] = await bodies('resource');
  expect(msg).toMatchObject({
    resource_uuid: resourceId,
    paused: false,
    offering_uuid: ctx.world.offeringId,
  });
  expect(msg?.sequence_number).toEqual(expect.any(Number));
  expect(await resyncResources(deps(), HOUR)).toBe(0); // last_sync is fresh

  now = new Date(now.getTime() + 2 * HOUR);
  expect(await resyncResources(deps(), HOUR)).toBe(0); // stale again, but same content within the TTL

  await ctx.prisma.resource.update({ where: { id: resourceId }, data: { paused: true } });
  now = new Date(now.getTime() + 2 * HOUR);
  expect(await resyncResources(deps(), HOUR)).toBe(1);
  expect((await bodies('resource')).at(-1)).toMatchObject({ resource_uuid: resourceId, paused: true });
  await ctx.prisma.resource.update({ where: { id: resourceId }, data: { paused: false } });
});

it('both producers reach a unified consumer as enriched envelopes; its owner gets no legacy copy', async () => {
  // The provider owner (whose legacy order and resource queues the other tests use) also owns a unified consumer
  // scoped to the offering: Waldur then leaves that owner out of the legacy fan-out (docs/protocol.md#unified-path).
  const w = ctx.world;
  const consumer = await ctx.prisma.eventConsumer.create({
    data: {
      id: newHexId(),
      userId: w.providerOwner.id,
      rmqUsername: newHexId(),
      scopes: [{ type: 'offering', uuid: w.offeringId }],
      queueCreated: true,
    },
  });
  try {
    const orderId = await pendingProviderOrder();
    now = new Date(now.getTime() + 2 * HOUR);
    expect(await resendPendingOrders(deps(), HOUR)).toBe(1);
    now = new Date(now.getTime() + 2 * HOUR);
    await ctx.prisma.resource.update({ where: { id: w.resourceId }, data: { downscaled: true } });
    expect(await resyncResources(deps(), HOUR)).toBe(1);

    const rows = await ctx.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.objectType, r.queue])).toEqual([
      ['order', consumerQueueName(consumer.id)],
      ['resource', consumerQueueName(consumer.id)],
    ]);
    const [order, resource] = rows.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(order).toMatchObject({
      order_uuid: orderId,
      order_state: 'pending-provider',
      sequence_number: expect.any(Number),
      object_type: 'order',
      order_type: 'Create',
      schema_version: 1,
    });
    expect(resource).toMatchObject({
      resource_uuid: w.resourceId,
      downscaled: true,
      sequence_number: expect.any(Number),
      object_type: 'resource',
      project_uuid: w.projectId,
      schema_version: 1,
    });
  } finally {
    await ctx.prisma.eventConsumer.delete({ where: { id: consumer.id } });
    await ctx.prisma.resource.update({ where: { id: w.resourceId }, data: { downscaled: false } });
  }
});

it('scheduler: each task on its own period, stop() clears the timers and waits for the run', async () => {
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: PeriodicTimers = {
    setInterval: (fn, ms) => {
      intervals.push({ fn, ms, cleared: false });
      return intervals.length - 1;
    },
    clearInterval: (h) => {
      const entry = intervals[h as number];
      if (entry !== undefined) entry.cleared = true;
    },
  };
  const { pino } = await import('pino');
  const producers = new PeriodicProducers({
    prisma: ctx.prisma,
    log: pino({ level: 'silent' }),
    clock,
    timers,
    settings: {
      pendingOrderResendMs: 5_000,
      pendingOrderMinAgeMs: 0,
      resourceResyncMs: 7_000,
      resourceStaleMs: 0,
      periodicLimitsSyncMs: 11_000,
    },
  });
  producers.start();
  expect(intervals.map((i) => i.ms)).toEqual([5_000, 7_000, 11_000]);
  await pendingProviderOrder();
  intervals[0]?.fn();
  intervals[0]?.fn(); // a tick while the previous run is in progress does not start a second run
  await producers.stop();
  expect(intervals.every((i) => i.cleared)).toBe(true);
  expect(await bodies('order')).toHaveLength(1);
});
