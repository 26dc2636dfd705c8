// Event subscriptions and queues (docs/protocol.md#event-subscriptions) against the run's real RabbitMQ: broker objects are created exactly as
// Waldur does, create_queue is 201 then 200 with Waldur's nine keys, broker failures are 400 and roll back,
// delete cleans up, and users only see their own subscriptions.
import {
  EVENT_SUBSCRIPTION_QUEUE_KEYS,
  SUBSCRIPTION_QUEUE_ARGUMENTS,
  eventSubscriptionQueueSchema,
  eventSubscriptionSchema,
} from '@waldur-sim/protocol';
import { connectStomp, createManagementClient, type ManagementClient } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagementApiProvisioner } from '../../src/broker/broker-provisioner.js';
import { buildApp } from '../../src/http/app.js';
import { createServices } from '../../src/services.js';
import { testBroker } from '../support/broker.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let mgmt: ManagementClient;

beforeAll(async () => {
  ctx = await startApi();
  mgmt = createManagementClient(testBroker());
});
afterAll(async () => {
  // Remove whatever broker objects the tests left behind.
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

const ES = '/api/event-subscriptions/';

async function createSubscription(
  user = ctx.world.providerOwner,
  body: Record<string, unknown> = { observable_objects: [{ object_type: 'order' }] },
) {
  const res = await as(ctx.app, user).post(ES, body);
  expect(res.statusCode, res.body).toBe(201);
  return eventSubscriptionSchema.parse(res.json());
}

describe('event subscriptions', () => {
  it('create provisions vhost = user uuid, RMQ user = subscription uuid with the token as password, .* on that vhost', async () => {
    const w = ctx.world;
    const sub = await createSubscription(w.providerOwner, {
      description: 'mine',
      observable_objects: [{ object_type: 'order' }],
    });
    expect(sub).toMatchObject({
      url: `${BASE_URL}${ES}${sub.uuid}/`,
      user: `${BASE_URL}/api/users/${w.providerOwner.id}/`,
      user_uuid: w.providerOwner.id,
      user_username: w.providerOwner.username,
      description: 'mine',
      observable_objects: [{ object_type: 'order' }],
    });
    expect(await mgmt.getPermissions(w.providerOwner.id, sub.uuid)).toEqual({
      configure: '.*',
      write: '.*',
      read: '.*',
    });
    // The token really is the password: a STOMP login into the user's vhost succeeds.
    const client = await connectStomp({
      url: testBroker().webStompUrl,
      login: sub.uuid,
      passcode: w.providerOwner.token,
      vhost: w.providerOwner.id,
    });
    expect(client.connected).toBe(true);
    await client.deactivate();
  });

  it('validates the body', async () => {
    const res = await as(ctx.app, ctx.world.providerOwner).post(ES, {
      observable_objects: [{ object_type: 'weather' }],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json<object>())).toEqual(['observable_objects.0.object_type']);
  });

  it('users see only their own subscriptions (404 for others), staff sees all', async () => {
    const w = ctx.world;
    const sub = await createSubscription(w.projectAdmin);
    expect((await as(ctx.app, w.outsider).get(`${ES}${sub.uuid}/`)).statusCode).toBe(404);
    expect((await as(ctx.app, w.outsider).get(ES)).json()).toEqual([]);
    const own = (await as(ctx.app, w.projectAdmin).get(ES)).json<{ uuid: string }[]>();
    expect(own.map((s) => s.uuid)).toEqual([sub.uuid]);
    expect((await as(ctx.app, w.staff).get(`${ES}?page_size=100`)).json<unknown[]>().length).toBeGreaterThan(
      1,
    );
    expect((await as(ctx.app, w.outsider).delete(`${ES}${sub.uuid}/`)).statusCode).toBe(404);
    expect(
      (
        await as(ctx.app, w.outsider).post(`${ES}${sub.uuid}/create_queue/`, {
          offering_uuid: w.offeringId,
          object_type: 'order',
        })
      ).statusCode,
    ).toBe(404);
  });

  it("create_queue: 201 with exactly Waldur's keys, queue declared with SUBSCRIPTION_QUEUE_ARGUMENTS, then 200", async () => {
    const w = ctx.world;
    const sub = await createSubscription();
    const p = as(ctx.app, w.providerOwner);
    const dashed = `${w.offeringId.slice(0, 8)}-${w.offeringId.slice(8, 12)}-${w.offeringId.slice(12, 16)}-${w.offeringId.slice(16, 20)}-${w.offeringId.slice(20)}`;
    const first = await p.post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: dashed,
      object_type: 'order',
    });
    expect(first.statusCode).toBe(201);
    const body = first.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual([...EVENT_SUBSCRIPTION_QUEUE_KEYS].sort());
    const q = eventSubscriptionQueueSchema.parse(body);
    expect(q).toMatchObject({
      event_subscription: `${BASE_URL}${ES}${sub.uuid}/`,
      event_subscription_uuid: sub.uuid,
      offering_uuid: w.offeringId,
      object_type: 'order',
      queue_name: `subscription_${sub.uuid}_offering_${w.offeringId}_order`,
      vhost: w.providerOwner.id,
      url: `${BASE_URL}/api/event-subscription-queues/${q.uuid}/`,
    });
    const info = await mgmt.getQueue(w.providerOwner.id, q.queue_name);
    expect(info).toMatchObject({
      durable: true,
      auto_delete: false,
      arguments: SUBSCRIPTION_QUEUE_ARGUMENTS,
    });
    await mgmt.deleteQueue(w.providerOwner.id, q.queue_name); // gone on the broker: the 200 re-declares it
    const second = await p.post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'order',
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(body);
    expect(await mgmt.getQueue(w.providerOwner.id, q.queue_name)).toBeDefined();
  });

  it('create_queue 400s: bad type (no broker call), unknown offering, offering without access', async () => {
    const w = ctx.world;
    const sub = await createSubscription();
    const p = as(ctx.app, w.providerOwner);
    const badType = await p.post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'weather',
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toEqual({ object_type: ['"weather" is not a valid choice.'] });
    expect(await mgmt.listQueues(w.providerOwner.id)).not.toContainEqual(
      expect.objectContaining({ name: expect.stringContaining('weather') }),
    );
    const unknown = await p.post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: 'e'.repeat(32),
      object_type: 'order',
    });
    expect(unknown.json()).toEqual({
      offering_uuid: [`Offering with UUID ${'e'.repeat(32)} does not exist.`],
    });
    const noAccess = await p.post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: w.otherOfferingId,
      object_type: 'order',
    });
    expect(noAccess.statusCode).toBe(400);
    expect(noAccess.json()).toEqual({ offering_uuid: ['You do not have access to this offering.'] });
    expect(await ctx.prisma.subscriptionQueue.count({ where: { subscriptionId: sub.uuid } })).toBe(0);
  });

  it('a RabbitMQ refusal while declaring the queue is a 400 and rolls the queue row back', async () => {
    const w = ctx.world;
    const sub = await createSubscription();
    const name = `subscription_${sub.uuid}_offering_${w.offeringId}_resource`;
    // Pre-declare the queue with other arguments: RabbitMQ answers PRECONDITION_FAILED to Waldur's PUT.
    await mgmt.putQueue(w.providerOwner.id, name, { durable: true, arguments: { 'x-message-ttl': 5 } });
    const res = await as(ctx.app, w.providerOwner).post(`${ES}${sub.uuid}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'resource',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(['Failed to create queue in RabbitMQ. Please try again.']);
    expect(await ctx.prisma.subscriptionQueue.count({ where: { subscriptionId: sub.uuid } })).toBe(0);
    await mgmt.deleteQueue(w.providerOwner.id, name);
  });

  it('an unreachable management API is a 503 + Retry-After on create (docs/guarantees.md#overload) and leaves no subscription row', async () => {
    const broken = createServices({
      prisma: ctx.prisma,
      publicBaseUrl: BASE_URL,
      provisioner: new ManagementApiProvisioner({
        managementUrl: 'http://adm:pw@127.0.0.1:9',
        timeoutMs: 2000,
      }),
      log: pino({ level: 'silent' }),
    });
    const app = await buildApp(broken, { docs: false });
    try {
      const before = await ctx.prisma.eventSubscription.count();
      const res = await as(app, ctx.world.consumerOwner).post(ES, {
        observable_objects: [{ object_type: 'order' }],
      });
      // Waldur answers 400 here; "try again later" is what it means, and a 400 reads as final to a client.
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json()).toEqual({ detail: 'Service temporarily unavailable, try again later.' });
      expect(await ctx.prisma.eventSubscription.count()).toBe(before);
    } finally {
      await app.close();
    }
  });

  it('delete removes the RMQ user, its queues and (last subscription) the vhost; queue collection works', async () => {
    const w = ctx.world;
    const sub = await createSubscription(w.providerSupport);
    const q = eventSubscriptionQueueSchema.parse(
      (
        await as(ctx.app, w.providerSupport).post(`${ES}${sub.uuid}/create_queue/`, {
          offering_uuid: w.offeringId,
          object_type: 'order',
        })
      ).json(),
    );
    expect(q).toBeDefined();
    const queues = await as(ctx.app, w.providerSupport).get(
      `/api/event-subscription-queues/?event_subscription_uuid=${sub.uuid}`,
    );
    expect(queues.json<{ uuid: string }[]>().map((x) => x.uuid)).toEqual([q.uuid]);
    expect((await as(ctx.app, w.outsider).get(`/api/event-subscription-queues/${q.uuid}/`)).statusCode).toBe(
      404,
    );
    expect(
      eventSubscriptionQueueSchema.parse(
        (await as(ctx.app, w.providerSupport).get(`/api/event-subscription-queues/${q.uuid}/`)).json(),
      ).uuid,
    ).toBe(q.uuid);
    const del = await as(ctx.app, w.providerSupport).delete(`${ES}${sub.uuid}/`);
    expect(del.statusCode).toBe(204);
    expect(await mgmt.getUser(sub.uuid)).toBeUndefined();
    expect(await mgmt.getQueue(w.providerSupport.id, q.queue_name)).toBeUndefined();
    expect(await mgmt.listVhosts()).not.toContain(w.providerSupport.id);
    expect(await ctx.prisma.subscriptionQueue.count({ where: { id: q.uuid } })).toBe(0);
  });

  it('event-subscription-queues DELETE removes the broker queue and the row', async () => {
    const w = ctx.world;
    const sub = await createSubscription();
    const q = eventSubscriptionQueueSchema.parse(
      (
        await as(ctx.app, w.providerOwner).post(`${ES}${sub.uuid}/create_queue/`, {
          offering_uuid: w.offeringId,
          object_type: 'user_role',
        })
      ).json(),
    );
    expect(
      (await as(ctx.app, w.outsider).delete(`/api/event-subscription-queues/${q.uuid}/`)).statusCode,
    ).toBe(404);
    expect(
      (await as(ctx.app, w.providerOwner).delete(`/api/event-subscription-queues/${q.uuid}/`)).statusCode,
    ).toBe(204);
    expect(await mgmt.getQueue(w.providerOwner.id, q.queue_name)).toBeUndefined();
  });
});
