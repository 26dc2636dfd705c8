// Orders end to end through the REST API on a real database with the real EventRecorder: consumer create and
// approval, provider actions, resource side effects, EVERY invalid transition (409), permissions and bad bodies.
import { ORDER_STATES, orderSchema, type OrderState } from '@waldur-sim/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_TRANSITION_SOURCES, type OrderAction } from '../../src/domain/order-state-machine.js';
import { newHexId } from '../../src/services.js';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let queue: { subscriptionQueueId: string };

beforeAll(async () => {
  ctx = await startApi();
  // The provider owner subscribes to order events of the offering (rows only; no broker needed for the outbox).
  queue = await registerQueue(ctx.prisma, ctx.world.providerOwner.id, ctx.world.offeringId, 'order');
});
afterAll(async () => ctx.close());

const ORDERS = '/api/marketplace-orders/';

async function outboxBodies(orderId: string): Promise<string[]> {
  const rows = await ctx.prisma.outboxMessage.findMany({
    where: { subscriptionQueueId: queue.subscriptionQueueId, body: { contains: orderId } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.body);
}

function orderEvent(orderId: string, state: OrderState): string {
  return `{"order_uuid": "${orderId}", "order_state": "${state}", "offering_uuid": "${ctx.world.offeringId}"}`;
}

async function createOrder(body: Record<string, unknown> = {}) {
  const w = ctx.world;
  const res = await as(ctx.app, w.projectAdmin).post(ORDERS, {
    offering: `${BASE_URL}/api/marketplace-provider-offerings/${w.offeringId}/`,
    project: w.projectId,
    plan: w.planId,
    limits: { cpu: 2, mem: 4 },
    attributes: { name: 'my-alloc' },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return orderSchema.parse(res.json());
}

describe('consumer side', () => {
  it('creates a Create order: 201 OrderDetails, resource Creating, order event in the outbox', async () => {
    const order = await createOrder();
    expect(order).toMatchObject({
      type: 'Create',
      state: 'pending-consumer',
      offering_uuid: ctx.world.offeringId,
      project_uuid: ctx.world.projectId,
      customer_uuid: ctx.world.consumerCustomerId,
      limits: { cpu: 2, mem: 4 },
      attributes: { name: 'my-alloc' },
      resource_name: 'my-alloc',
      plan_uuid: ctx.world.planId,
      url: `${BASE_URL}/api/marketplace-orders/${order.uuid}/`,
    });
    const resource = await ctx.prisma.resource.findUniqueOrThrow({
      where: { id: order.marketplace_resource_uuid },
    });
    expect(resource).toMatchObject({ state: 'Creating', name: 'my-alloc', limits: { cpu: 2, mem: 4 } });
    expect(await outboxBodies(order.uuid)).toEqual([orderEvent(order.uuid, 'pending-consumer')]);
  });

  it('approve_by_consumer moves a Marketplace.Slurm order to pending-provider', async () => {
    const order = await createOrder();
    const res = await as(ctx.app, ctx.world.projectAdmin).post(`${ORDERS}${order.uuid}/approve_by_consumer/`);
    expect(res.statusCode).toBe(200);
    const after = orderSchema.parse(
      (await as(ctx.app, ctx.world.projectAdmin).get(`${ORDERS}${order.uuid}/`)).json(),
    );
    expect(after.state).toBe('pending-provider');
    expect(after.consumer_reviewed_by).toBe(ctx.world.projectAdmin.username);
    expect(await outboxBodies(order.uuid)).toEqual([
      orderEvent(order.uuid, 'pending-consumer'),
      orderEvent(order.uuid, 'pending-provider'),
    ]);
  });

  it('approve_by_consumer goes to pending-project while the project has not started', async () => {
    await ctx.prisma.project.update({
      where: { id: ctx.world.projectId },
      data: { startDate: new Date(Date.now() + 86_400_000 * 30) },
    });
    try {
      const order = await createOrder();
      await as(ctx.app, ctx.world.projectAdmin).post(`${ORDERS}${order.uuid}/approve_by_consumer/`);
      expect((await ctx.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } })).state).toBe(
        'pending-project',
      );
    } finally {
      await ctx.prisma.project.update({ where: { id: ctx.world.projectId }, data: { startDate: null } });
    }
  });

  it('cancel is 202 and terminates the resource of a Create order', async () => {
    const order = await createOrder();
    const res = await as(ctx.app, ctx.world.consumerOwner).post(`${ORDERS}${order.uuid}/cancel/`);
    expect(res.statusCode).toBe(202);
    expect((await ctx.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } })).state).toBe('canceled');
    expect(
      (await ctx.prisma.resource.findUniqueOrThrow({ where: { id: order.marketplace_resource_uuid } })).state,
    ).toBe('Terminated');
  });

  it('rejects bad bodies with DRF field errors', async () => {
    const admin = as(ctx.app, ctx.world.projectAdmin);
    const missing = await admin.post(ORDERS, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      offering: ['This field is required.'],
      project: ['This field is required.'],
    });
    const badRef = await admin.post(ORDERS, { offering: 'not-a-uuid', project: ctx.world.projectId });
    expect(badRef.json()).toEqual({ offering: ['Invalid hyperlink - Object does not exist.'] });
    const badLimits = await admin.post(ORDERS, {
      offering: ctx.world.offeringId,
      project: ctx.world.projectId,
      limits: { gpu: 1 },
    });
    expect(badLimits.statusCode).toBe(400);
    expect(badLimits.json()).toEqual({ limits: ['Invalid components: gpu.'] });
    const badType = await admin.post(ORDERS, {
      offering: ctx.world.offeringId,
      project: ctx.world.projectId,
      type: 'Explode',
    });
    expect(badType.json()).toEqual({ type: ['"Explode" is not a valid choice.'] });
    const noResource = await admin.post(ORDERS, {
      offering: ctx.world.offeringId,
      project: ctx.world.projectId,
      type: 'Terminate',
    });
    expect(noResource.json()).toEqual({ resource: ['This field is required.'] });
    const notJson = await ctx.app.inject({
      method: 'POST',
      url: ORDERS,
      headers: { authorization: `Token ${ctx.world.projectAdmin.token}`, 'content-type': 'application/json' },
      payload: '{"offering": ',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().detail).toMatch(/^JSON parse error - /);
  });

  it('needs an ordering role in the project: member 403, outsider cannot even see the project', async () => {
    const body = { offering: ctx.world.offeringId, project: ctx.world.projectId };
    const member = await as(ctx.app, ctx.world.projectMember).post(ORDERS, body);
    expect(member.statusCode).toBe(403);
    expect(member.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
    const outsider = await as(ctx.app, ctx.world.outsider).post(ORDERS, body);
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json()).toEqual({ project: ['Invalid hyperlink - Object does not exist.'] });
  });
});

describe('provider side and resource side effects', () => {
  async function pendingProvider(body: Record<string, unknown> = {}) {
    const order = await createOrder(body);
    await as(ctx.app, ctx.world.projectAdmin).post(`${ORDERS}${order.uuid}/approve_by_consumer/`);
    return order;
  }

  it('agent happy path: approve_by_provider (no body) -> executing, set_backend_id, set_state_done -> done, resource OK', async () => {
    const order = await pendingProvider();
    const provider = as(ctx.app, ctx.world.providerOwner);
    const approve = await ctx.app.inject({
      method: 'POST',
      url: `${ORDERS}${order.uuid}/approve_by_provider/`,
      headers: {
        authorization: `Token ${ctx.world.providerOwner.token}`,
        'content-type': 'application/json',
      },
    });
    expect(approve.statusCode).toBe(200);
    expect(
      (await provider.post(`${ORDERS}${order.uuid}/set_backend_id/`, { backend_id: 'hpc_my_alloc' }))
        .statusCode,
    ).toBe(200);
    expect((await provider.post(`${ORDERS}${order.uuid}/set_state_done/`)).statusCode).toBe(200);
    const done = orderSchema.parse((await provider.get(`${ORDERS}${order.uuid}/`)).json());
    expect(done).toMatchObject({
      state: 'done',
      backend_id: 'hpc_my_alloc',
      provider_reviewed_by: ctx.world.providerOwner.username,
    });
    expect(done.completed_at).toEqual(expect.any(String));
    expect(
      (await ctx.prisma.resource.findUniqueOrThrow({ where: { id: order.marketplace_resource_uuid } })).state,
    ).toBe('OK');
    expect(await outboxBodies(order.uuid)).toEqual(
      (['pending-consumer', 'pending-provider', 'executing', 'done'] as const).map((s) =>
        orderEvent(order.uuid, s),
      ),
    );
  });

  it('reject_by_provider stores the comment and terminates the would-be resource', async () => {
    const order = await pendingProvider();
    const res = await as(ctx.app, ctx.world.providerOwner).post(
      `${ORDERS}${order.uuid}/reject_by_provider/`,
      { provider_rejection_comment: 'No quota' },
    );
    expect(res.statusCode).toBe(200);
    const row = await ctx.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } });
    expect(row).toMatchObject({ state: 'rejected', providerRejectionComment: 'No quota' });
    expect(
      (await ctx.prisma.resource.findUniqueOrThrow({ where: { id: order.marketplace_resource_uuid } })).state,
    ).toBe('Terminated');
  });

  it('set_state_erred stores error fields; a Create without backend id terminates its resource', async () => {
    const order = await pendingProvider();
    const provider = as(ctx.app, ctx.world.providerOwner);
    await provider.post(`${ORDERS}${order.uuid}/approve_by_provider/`);
    const res = await provider.post(`${ORDERS}${order.uuid}/set_state_erred/`, {
      error_message: 'sacctmgr failed',
      error_traceback: 'Traceback…',
    });
    expect(res.statusCode).toBe(200);
    const erred = orderSchema.parse((await provider.get(`${ORDERS}${order.uuid}/`)).json());
    expect(erred).toMatchObject({
      state: 'erred',
      error_message: 'sacctmgr failed',
      error_traceback: 'Traceback…',
    });
    expect(
      (await ctx.prisma.resource.findUniqueOrThrow({ where: { id: order.marketplace_resource_uuid } })).state,
    ).toBe('Terminated');
    // erred -> executing (retry) is allowed.
    expect((await provider.post(`${ORDERS}${order.uuid}/set_state_executing/`)).statusCode).toBe(200);
  });

  it('Update: resource Updating while executing, limits = order limits when done', async () => {
    const w = ctx.world;
    const order = await pendingProvider({
      type: 'Update',
      resource: w.resourceId,
      limits: { cpu: 50, mem: 60 },
    });
    const provider = as(ctx.app, w.providerOwner);
    await provider.post(`${ORDERS}${order.uuid}/approve_by_provider/`, {});
    expect((await ctx.prisma.resource.findUniqueOrThrow({ where: { id: w.resourceId } })).state).toBe(
      'Updating',
    );
    await provider.post(`${ORDERS}${order.uuid}/set_state_done/`);
    const resource = await ctx.prisma.resource.findUniqueOrThrow({ where: { id: w.resourceId } });
    expect(resource).toMatchObject({ state: 'OK', limits: { cpu: 50, mem: 60 } });
  });

  it('Terminate: resource Terminating while executing, Terminated when done; then no new Update is possible', async () => {
    const w = ctx.world;
    const id = newHexId();
    await ctx.prisma.resource.create({
      data: {
        id,
        name: 'doomed',
        slug: `doomed-${id}`,
        offeringId: w.offeringId,
        projectId: w.projectId,
        state: 'OK',
        backendId: 'hpc_doomed',
      },
    });
    const order = await pendingProvider({ type: 'Terminate', resource: id });
    expect(order.limits).toEqual({});
    const provider = as(ctx.app, w.providerOwner);
    await provider.post(`${ORDERS}${order.uuid}/approve_by_provider/`);
    expect((await ctx.prisma.resource.findUniqueOrThrow({ where: { id } })).state).toBe('Terminating');
    await provider.post(`${ORDERS}${order.uuid}/set_state_done/`);
    expect((await ctx.prisma.resource.findUniqueOrThrow({ where: { id } })).state).toBe('Terminated');
    const again = await as(ctx.app, w.projectAdmin).post(ORDERS, {
      offering: w.offeringId,
      project: w.projectId,
      type: 'Update',
      resource: id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ detail: 'Valid states for operation: OK.' });
  });

  it('permissions: consumer cannot act as provider (403), provider cannot act as consumer (403), outsider sees nothing (404)', async () => {
    const order = await pendingProvider();
    const consumerTry = await as(ctx.app, ctx.world.projectAdmin).post(
      `${ORDERS}${order.uuid}/approve_by_provider/`,
    );
    expect(consumerTry.statusCode).toBe(403);
    const supportTry = await as(ctx.app, ctx.world.providerSupport).post(
      `${ORDERS}${order.uuid}/set_state_executing/`,
    );
    expect(supportTry.statusCode).toBe(403);
    const providerTry = await as(ctx.app, ctx.world.providerOwner).post(`${ORDERS}${order.uuid}/cancel/`);
    expect(providerTry.statusCode).toBe(403);
    for (const user of [ctx.world.outsider, ctx.world.otherProviderOwner]) {
      expect((await as(ctx.app, user).get(`${ORDERS}${order.uuid}/`)).statusCode).toBe(404);
      const res = await as(ctx.app, user).post(`${ORDERS}${order.uuid}/approve_by_provider/`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: 'Not found.' });
    }
    expect((await ctx.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } })).state).toBe(
      'pending-provider',
    );
  });

  it('validates provider action bodies', async () => {
    const order = await pendingProvider();
    const provider = as(ctx.app, ctx.world.providerOwner);
    const badErr = await provider.post(`${ORDERS}${order.uuid}/set_state_erred/`, { error_message: 42 });
    expect(badErr.statusCode).toBe(400);
    expect(badErr.json()).toEqual({ error_message: ['Not a valid string.'] });
    const noBackend = await provider.post(`${ORDERS}${order.uuid}/set_backend_id/`, {});
    expect(noBackend.json()).toEqual({ backend_id: ['This field is required.'] });
    const listBody = await provider.post(`${ORDERS}${order.uuid}/reject_by_provider/`, [1, 2]);
    expect(listBody.json()).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    expect((await ctx.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } })).state).toBe(
      'pending-provider',
    );
  });

  it('two racing approvals: exactly one wins, the other is a 409', async () => {
    const order = await pendingProvider();
    const provider = as(ctx.app, ctx.world.providerOwner);
    const results = await Promise.all([
      provider.post(`${ORDERS}${order.uuid}/approve_by_provider/`),
      provider.post(`${ORDERS}${order.uuid}/approve_by_provider/`),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await outboxBodies(order.uuid)).filter((b) => b.includes('"executing"'))).toHaveLength(1);
  });
});

describe('every invalid transition is a 409 and changes nothing', () => {
  let orderId: string;

  beforeEach(async () => {
    const order = await createOrder();
    orderId = order.uuid;
  });

  const cases: { action: OrderAction; from: OrderState }[] = [];
  for (const action of Object.keys(ORDER_TRANSITION_SOURCES) as OrderAction[]) {
    for (const from of ORDER_STATES) {
      if (!ORDER_TRANSITION_SOURCES[action].includes(from)) cases.push({ action, from });
    }
  }

  it(`covers ${String(cases.length)} (action, state) pairs`, async () => {
    expect(cases.length).toBeGreaterThan(40);
    for (const { action, from } of cases) {
      await ctx.prisma.order.update({ where: { id: orderId }, data: { state: from } });
      const before = await ctx.prisma.outboxMessage.count();
      const res = await as(ctx.app, ctx.world.staff).post(`${ORDERS}${orderId}/${action}/`);
      expect({ action, from, status: res.statusCode, body: res.json() }).toEqual({
        action,
        from,
        status: 409,
        body: { detail: `Valid states for operation: ${ORDER_TRANSITION_SOURCES[action].join(', ')}.` },
      });
      expect((await ctx.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).state).toBe(from);
      expect(await ctx.prisma.outboxMessage.count()).toBe(before);
    }
  });
});

describe('listing', () => {
  it('filters by offering and repeated state, paginates with Link and X-Result-Count, narrows with field=', async () => {
    const provider = as(ctx.app, ctx.world.providerOwner);
    for (let i = 0; i < 3; i++) {
      const o = await createOrder();
      await as(ctx.app, ctx.world.projectAdmin).post(`${ORDERS}${o.uuid}/approve_by_consumer/`);
    }
    const all = await ctx.prisma.order.count({
      where: { offeringId: ctx.world.offeringId, state: { in: ['pending-provider', 'executing'] } },
    });
    const url = `${ORDERS}?offering_uuid=${ctx.world.offeringId}&state=pending-provider&state=executing&page_size=2&field=uuid&field=state`;
    const first = await provider.get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-result-count']).toBe(String(all));
    const rows = first.json<{ uuid: string; state: string }[]>();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['state', 'uuid']);
      expect(['pending-provider', 'executing']).toContain(row.state);
    }
    const link = String(first.headers.link);
    expect(link).toContain('rel="first"');
    expect(link).toContain('rel="next"');
    expect(link).toContain('rel="last"');
    expect(link).not.toContain('rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    expect(next).toMatch(/^http:\/\/waldur\.test\/api\/marketplace-orders\/\?.*page=2/);
    const second = await provider.get(next!.replace(BASE_URL, ''));
    expect(String(second.headers.link)).toContain('rel="prev"');
    const outsiderList = await as(ctx.app, ctx.world.outsider).get(ORDERS);
    expect(outsiderList.json()).toEqual([]);
    expect(outsiderList.headers['x-result-count']).toBe('0');
  });

  it('full list rows parse with the protocol schema; bad filters are 400', async () => {
    const res = await as(ctx.app, ctx.world.staff).get(`${ORDERS}?page_size=50`);
    for (const row of res.json<unknown[]>()) orderSchema.parse(row);
    const bad = await as(ctx.app, ctx.world.staff).get(`${ORDERS}?offering_uuid=nope`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ offering_uuid: ['Enter a valid UUID.'] });
    const badPage = await as(ctx.app, ctx.world.staff).get(`${ORDERS}?page=999`);
    expect(badPage.statusCode).toBe(404);
    expect(badPage.json()).toEqual({ detail: 'Invalid page.' });
  });

  it('accepts dashed UUIDs in paths', async () => {
    const order = await createOrder();
    const h = order.uuid;
    const dashed = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    const res = await as(ctx.app, ctx.world.projectAdmin).get(`${ORDERS}${dashed.toUpperCase()}/`);
    expect(res.statusCode).toBe(200);
    expect(res.json().uuid).toBe(h);
  });
});
