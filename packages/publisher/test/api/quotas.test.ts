// Quotas against the real RabbitMQ: REST refuses the subscription and the queue over quota with a 400 naming the
// quota and stores nothing; the vhost and broker-user limits are visible in the management API; and the broker
// itself refuses a queue over the vhost's `max-queues` and a connection over the user's `max-connections` when a
// subscription's own credentials try. Fails when a quota is not counted or a limit not set on provisioning.
import { eventSubscriptionSchema } from '@waldur-sim/protocol';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testBroker } from '../support/broker.js';
import { vhostUrl } from '../support/amqp.js';
import { brokerProvisioner, startApi, type ApiContext } from './api-world.js';
import { as } from './requests.js';

const ES = '/api/event-subscriptions/';
const LIMITS = {
  subscriptionsPerUser: 2,
  queuesPerSubscription: 2,
  vhostMaxQueues: 3,
  vhostMaxConnections: 5,
  userMaxConnections: 2,
  userMaxChannels: 4,
} as const;

let ctx: ApiContext;
const mgmt = brokerProvisioner();

beforeAll(async () => {
  ctx = await startApi({ limits: LIMITS });
});
afterAll(async () => {
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

/** An AMQP URL logging in as the subscription's broker user into its owner's vhost. */
function subscriptionAmqpUrl(subscription: string, token: string, vhost: string): string {
  const u = new URL(vhostUrl(testBroker(), vhost));
  u.username = subscription;
  u.password = token;
  return u.toString();
}

describe('quotas and broker limits', () => {
  test('subscriptions_per_user: the next POST is a 400 naming the quota and stores nothing', async () => {
    const user = ctx.world.projectAdmin;
    for (let i = 0; i < LIMITS.subscriptionsPerUser; i++) {
      expect((await as(ctx.app, user).post(ES, { observable_objects: [] })).statusCode).toBe(201);
    }
    const over = await as(ctx.app, user).post(ES, { observable_objects: [] });
    expect(over.statusCode).toBe(400);
    expect(over.json<{ detail: string }>().detail).toMatch(/subscriptions_per_user quota limit: 2/);
    expect(await ctx.prisma.eventSubscription.count({ where: { userId: user.id } })).toBe(2);
  });

  test('the vhost and the broker user get their limits; the broker enforces them', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).post(ES, { observable_objects: [] });
    const sub = eventSubscriptionSchema.parse(res.json()).uuid;
    expect(await mgmt.getVhostLimits(w.providerOwner.id)).toEqual({ 'max-queues': 3, 'max-connections': 5 });
    expect(await mgmt.getUserLimits(sub)).toEqual({ 'max-connections': 2, 'max-channels': 4 });

    // queues_per_subscription over REST.
    const p = as(ctx.app, w.providerOwner);
    for (const objectType of ['order', 'user_role']) {
      const q = await p.post(`${ES}${sub}/create_queue/`, {
        offering_uuid: w.offeringId,
        object_type: objectType,
      });
      expect(q.statusCode, q.body).toBe(201);
    }
    const again = await p.post(`${ES}${sub}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'order',
    });
    expect(again.statusCode).toBe(200); // an existing queue is not counted again
    const over = await p.post(`${ES}${sub}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'resource',
    });
    expect(over.statusCode).toBe(400);
    expect(over.json<{ detail: string }>().detail).toMatch(/queues_per_subscription quota limit: 2/);
    expect(await ctx.prisma.subscriptionQueue.count({ where: { subscriptionId: sub } })).toBe(2);

    // The subscription's own credentials: 2 queues + the dead-letter queue fill max-queues = 3.
    const url = subscriptionAmqpUrl(sub, w.providerOwner.token, w.providerOwner.id);
    const first = await amqp.connect(url);
    const second = await amqp.connect(url);
    try {
      const ch = await first.createChannel();
      ch.on('error', () => undefined);
      await expect(ch.assertQueue('squatter', { durable: true })).rejects.toThrow(/queue limit/i);
      // max-connections = 2 for this broker user: a third connection is closed by the broker at open (the
      // credentials are right, the first two got in).
      await expect(amqp.connect(url)).rejects.toThrow(/ConnectionClose|limit/i);
    } finally {
      await first.close().catch(() => undefined);
      await second.close().catch(() => undefined);
    }
  });
});
