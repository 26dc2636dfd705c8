// The unified consumer path against the real broker: register_queue on an agent identity and
// /api/event-consumers/register/ provision consumer_<uuid> with Waldur's queue arguments; events reach the
// consumer as enriched envelopes, and the owner of a unified queue is left out of the legacy fan-out.
import { SUBSCRIPTION_QUEUE_ARGUMENTS, consumerRegistrationSchema } from '@waldur-sim/protocol';
import { createManagementClient, type ManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testBroker } from '../support/broker.js';
import { as } from './requests.js';
import { startApi, type ApiContext, type TestUser } from './api-world.js';

let ctx: ApiContext;
let mgmt: ManagementClient;

beforeAll(async () => {
  ctx = await startApi();
  mgmt = createManagementClient(testBroker());
});
afterAll(async () => {
  for (const c of await ctx.prisma.eventConsumer.findMany()) await mgmt.deleteUser(c.rmqUsername);
  for (const sub of await ctx.prisma.eventSubscription.findMany()) await mgmt.deleteUser(sub.id);
  for (const u of Object.values(ctx.world).filter((v): v is TestUser => typeof v === 'object'))
    await mgmt.deleteVhost(u.id);
  await ctx.close();
});

async function identity(user: TestUser): Promise<string> {
  const res = await as(ctx.app, user).post('/api/marketplace-site-agent-identities/', {
    offering: ctx.world.offeringId,
    name: `agent-${ctx.world.offeringId}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ uuid: string }>().uuid;
}

async function legacyOrderQueue(user: TestUser, identityId: string): Promise<string> {
  const sub = await as(ctx.app, user).post(
    `/api/marketplace-site-agent-identities/${identityId}/register_event_subscription/`,
    { observable_object_type: 'order' },
  );
  expect(sub.statusCode, sub.body).toBe(201);
  const q = await as(ctx.app, user).post(
    `/api/event-subscriptions/${sub.json<{ uuid: string }>().uuid}/create_queue/`,
    { offering_uuid: ctx.world.offeringId, object_type: 'order' },
  );
  expect(q.statusCode, q.body).toBe(201);
  return q.json<{ queue_name: string }>().queue_name;
}

it('register_queue: 201 then 200, consumer_<uuid> with Waldur arguments; enriched envelope, no legacy copy', async () => {
  const w = ctx.world;
  const id = await identity(w.providerOwner);
  const legacyQueue = await legacyOrderQueue(w.providerOwner, id);
  const path = `/api/marketplace-site-agent-identities/${id}/register_queue/`;
  const first = await as(ctx.app, w.providerOwner).post(path, { object_types: ['order', 'user_role'] });
  expect(first.statusCode, first.body).toBe(201);
  const reg = consumerRegistrationSchema.parse(first.json());
  expect(reg.vhost).toBe(w.providerOwner.id);
  expect(reg.observable_object_types).toEqual(['order', 'user_role']);
  const again = await as(ctx.app, w.providerOwner).post(path, {});
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual(first.json());
  const queue = await mgmt.getQueue(reg.vhost, reg.queue_name);
  expect(queue?.arguments).toEqual(SUBSCRIPTION_QUEUE_ARGUMENTS);
  expect(queue?.durable).toBe(true);
  // Another manager of the offering cannot take the identity's consumer over.
  expect((await as(ctx.app, w.staff).post(path, {})).statusCode).toBe(409);

  // No plan on this order, so no plan_uuid.
  const created = await as(ctx.app, w.projectAdmin).post('/api/marketplace-orders/', {
    offering: w.offeringId,
    project: w.projectId,
    limits: { cpu: 1 },
    attributes: { name: 'unified' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const orderId = created.json<{ uuid: string }>().uuid;
  const rows = await ctx.prisma.outboxMessage.findMany({ where: { objectType: 'order' } });
  expect(rows.map((r) => r.queue)).toEqual([reg.queue_name]);
  expect(rows.some((r) => r.queue === legacyQueue)).toBe(false);
  const row = rows[0];
  expect(row?.topic).toBe(reg.queue_name);
  const body = JSON.parse(row?.body ?? '{}') as Record<string, unknown>;
  expect(Object.keys(body)).toEqual([
    'order_uuid',
    'order_state',
    'offering_uuid',
    'object_type',
    'order_type',
    'resource_uuid',
    'resource_backend_id',
    'resource_name',
    'project_uuid',
    'project_name',
    'attributes',
    'limits',
    'schema_version',
  ]);
  expect(body).toMatchObject({
    order_uuid: orderId,
    order_state: 'pending-consumer',
    object_type: 'order',
    order_type: 'Create',
    resource_name: 'unified',
    project_uuid: w.projectId,
    limits: { cpu: 1 },
    schema_version: 1,
  });

  // Deleting the identity removes its consumer, and the consumer's queue and broker user.
  expect(
    (await as(ctx.app, w.providerOwner).delete(`/api/marketplace-site-agent-identities/${id}/`)).statusCode,
  ).toBe(204);
  expect(await ctx.prisma.eventConsumer.count({ where: { identityId: id } })).toBe(0);
  expect(await mgmt.getQueue(reg.vhost, reg.queue_name)).toBeUndefined();
  expect(await mgmt.getUser(reg.rmq_username)).toBeUndefined();
});

it('event-consumers/register: global only for staff, scopes must be visible, scoped consumer gets its events', async () => {
  const w = ctx.world;
  const path = '/api/event-consumers/register/';
  expect((await as(ctx.app, w.outsider).post(path, {})).statusCode).toBe(403);
  const hidden = await as(ctx.app, w.outsider).post(path, {
    scopes: [{ type: 'project', uuid: w.projectId }],
  });
  expect(hidden.statusCode).toBe(400);
  expect(
    (await as(ctx.app, w.outsider).post(path, { scopes: [{ type: 'planet', uuid: 'x' }] })).statusCode,
  ).toBe(400);
  const global = await as(ctx.app, w.staff).post(path, { object_types: ['resource'] });
  expect(global.statusCode, global.body).toBe(201);

  const scoped = await as(ctx.app, w.consumerOwner).post(path, {
    scopes: [{ type: 'project', uuid: w.projectId }],
    object_types: ['order'],
  });
  expect(scoped.statusCode, scoped.body).toBe(201);
  const reg = consumerRegistrationSchema.parse(scoped.json());
  const same = await as(ctx.app, w.consumerOwner).post(path, {
    scopes: [{ type: 'project', uuid: w.projectId }],
  });
  expect(same.statusCode).toBe(200);
  expect(same.json<{ queue_name: string }>().queue_name).toBe(reg.queue_name);
  expect(await mgmt.getQueue(reg.vhost, reg.queue_name)).toBeDefined();

  await ctx.prisma.outboxMessage.deleteMany();
  const created = await as(ctx.app, w.projectAdmin).post('/api/marketplace-orders/', {
    offering: w.offeringId,
    project: w.projectId,
    attributes: { name: 'scoped' },
  });
  expect(created.statusCode).toBe(201);
  const queues = (await ctx.prisma.outboxMessage.findMany({ where: { objectType: 'order' } })).map(
    (r) => r.queue,
  );
  expect(queues).toContain(reg.queue_name);
});
