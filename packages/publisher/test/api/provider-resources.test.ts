// Provider resources: reads the agent makes (list with filters and field=, retrieve, team), callbacks it posts,
// and the flag changes / role sync a Waldur user triggers (events in the outbox, same transaction).
import { providerResourceSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let resourceQueue: { subscriptionQueueId: string };
let roleQueue: { subscriptionQueueId: string };
let now = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  ctx = await startApi({ clock: () => now });
  resourceQueue = await registerQueue(
    ctx.prisma,
    ctx.world.providerOwner.id,
    ctx.world.offeringId,
    'resource',
  );
  roleQueue = await registerQueue(ctx.prisma, ctx.world.providerOwner.id, ctx.world.offeringId, 'user_role');
});
afterAll(async () => ctx.close());

const R = '/api/marketplace-provider-resources/';
const outbox = (queueId: string) =>
  ctx.prisma.outboxMessage.findMany({ where: { subscriptionQueueId: queueId }, orderBy: { id: 'asc' } });

describe('reads', () => {
  it('retrieve parses with the protocol schema and carries the agent-read fields', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).get(`${R}${w.resourceId}/`);
    expect(res.statusCode).toBe(200);
    const r = providerResourceSchema.parse(res.json());
    expect(r).toMatchObject({
      uuid: w.resourceId,
      url: `${BASE_URL}${R}${w.resourceId}/`,
      state: 'OK',
      offering_uuid: w.offeringId,
      project_uuid: w.projectId,
      customer_uuid: w.consumerCustomerId,
      plan_uuid: w.planId,
      limits: { cpu: 10, mem: 20 },
      restrict_member_access: false,
      paused: false,
      downscaled: false,
    });
    expect(r.backend_id).toMatch(/^hpc_alloc_/);
  });

  it('list filters by offering and repeated state and honours field= (the agent username_set query)', async () => {
    const w = ctx.world;
    const url = `${R}?offering_uuid=${w.offeringId}&state=OK&state=Erred&field=uuid&field=backend_id&field=restrict_member_access`;
    const res = await as(ctx.app, w.providerOwner).get(url);
    expect(res.statusCode).toBe(200);
    const rows = res.json<Record<string, unknown>[]>();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['backend_id', 'restrict_member_access', 'uuid']);
      providerResourceSchema.partial().parse(row);
    }
    expect(res.headers['x-result-count']).toBe(String(rows.length));
    const none = await as(ctx.app, w.providerOwner).get(
      `${R}?offering_uuid=${w.offeringId}&state=Terminated`,
    );
    expect(none.json()).toEqual([]);
  });

  it('is the provider view: consumers and other providers see nothing (404)', async () => {
    const w = ctx.world;
    for (const user of [w.projectAdmin, w.outsider, w.otherProviderOwner]) {
      expect((await as(ctx.app, user).get(`${R}${w.resourceId}/`)).statusCode).toBe(404);
      expect((await as(ctx.app, user).get(R)).json()).toEqual([]);
    }
  });

  it('team/ lists project members with roles and offering usernames (ProjectUser)', async () => {
    const w = ctx.world;
    await ctx.prisma.offeringUser.update({ where: { id: w.offeringUserId }, data: { username: 'padmin' } });
    const res = await as(ctx.app, w.providerOwner).get(`${R}${w.resourceId}/team/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.link).toBeUndefined(); // not paginated, like Waldur's action
    const team = res.json<Record<string, unknown>[]>();
    expect(team).toEqual(
      expect.arrayContaining([
        {
          url: `${BASE_URL}/api/users/${w.projectAdmin.id}/`,
          uuid: w.projectAdmin.id,
          username: w.projectAdmin.username,
          full_name: 'project-admin Tester',
          role: 'PROJECT.ADMIN',
          expiration_time: null,
          offering_user_username: 'padmin',
          offering_user_state: 'Requested',
          email: 'project-admin@example.test',
        },
        expect.objectContaining({
          uuid: w.projectMember.id,
          role: 'PROJECT.MEMBER',
          offering_user_username: null,
          offering_user_state: null,
        }),
      ]),
    );
  });
});

describe('agent callbacks', () => {
  it('set_backend_id, set_limits, set_backend_metadata, set_endpoints, refresh_last_sync, set_as_erred, set_as_ok', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const url = (a: string) => `${R}${w.resourceId}/${a}/`;
    expect((await p.post(url('set_backend_id'), { backend_id: 'hpc_new' })).statusCode).toBe(200);
    expect((await p.post(url('set_limits'), { limits: { cpu: 11, mem: 22 } })).statusCode).toBe(200);
    expect(
      (await p.post(url('set_backend_metadata'), { backend_metadata: { account: 'hpc_new' } })).statusCode,
    ).toBe(200);
    expect(
      (await p.post(url('set_endpoints'), { endpoints: [{ name: 'login', url: 'ssh://login.hpc' }] }))
        .statusCode,
    ).toBe(200);
    now = new Date('2026-03-01T11:00:00Z');
    expect((await p.post(url('refresh_last_sync'))).statusCode).toBe(200);
    expect(
      (await p.post(url('set_as_erred'), { error_message: 'down', error_traceback: 'tb' })).statusCode,
    ).toBe(200);
    let r = providerResourceSchema.parse((await p.get(`${R}${w.resourceId}/`)).json());
    expect(r).toMatchObject({
      backend_id: 'hpc_new',
      limits: { cpu: 11, mem: 22 },
      backend_metadata: { account: 'hpc_new' },
      state: 'Erred',
      error_message: 'down',
      last_sync: '2026-03-01T11:00:00.000Z',
    });
    expect(r.endpoints).toEqual([
      { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'login', url: 'ssh://login.hpc' },
    ]);
    expect((await p.post(url('set_as_ok'))).statusCode).toBe(200);
    r = providerResourceSchema.parse((await p.get(`${R}${w.resourceId}/`)).json());
    expect(r).toMatchObject({ state: 'OK', error_message: '' });
  });

  it('bad bodies are 400 with field errors; support may read but not act (403)', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const badLimits = await p.post(`${R}${w.resourceId}/set_limits/`, { limits: { cpu: 'many' } });
    expect(badLimits.statusCode).toBe(400);
    expect(badLimits.json()).toEqual({ 'limits.cpu': ['A valid number is required.'] });
    const badEndpoints = await p.post(`${R}${w.resourceId}/set_endpoints/`, { endpoints: 'x' });
    expect(badEndpoints.json()).toEqual({ endpoints: ['Expected a list of items but got type "str".'] });
    const badFlag = await p.post(`${R}${w.resourceId}/set_paused/`, {});
    expect(badFlag.json()).toEqual({ paused: ['This field is required.'] });
    const support = as(ctx.app, w.providerSupport);
    expect((await support.get(`${R}${w.resourceId}/`)).statusCode).toBe(200);
    const denied = await support.post(`${R}${w.resourceId}/set_backend_id/`, { backend_id: 'x' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
  });
});

describe('user actions that emit events', () => {
  it('set_paused / set_downscaled / set_restrict_member_access emit one resource event per change', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const before = (await outbox(resourceQueue.subscriptionQueueId)).length;
    expect((await p.post(`${R}${w.resourceId}/set_paused/`, { paused: true })).statusCode).toBe(200);
    expect((await p.post(`${R}${w.resourceId}/set_paused/`, { paused: true })).statusCode).toBe(200); // no change, no event
    await p.post(`${R}${w.resourceId}/set_downscaled/`, { downscaled: true });
    await p.post(`${R}${w.resourceId}/set_restrict_member_access/`, { restrict_member_access: true });
    const rows = (await outbox(resourceQueue.subscriptionQueueId)).slice(before);
    expect(rows).toHaveLength(3);
    const last = JSON.parse(rows[2]!.body) as Record<string, unknown>;
    expect(last).toMatchObject({
      resource_uuid: w.resourceId,
      paused: true,
      downscaled: true,
      restrict_member_access: true,
      offering_uuid: w.offeringId,
    });
    const r = providerResourceSchema.parse((await p.get(`${R}${w.resourceId}/`)).json());
    expect(r).toMatchObject({ paused: true, downscaled: true, restrict_member_access: true });
  });

  it('sync_user_roles emits a resource-scoped role sync, is throttled for 30 s, and needs membership sync status', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const before = (await outbox(roleQueue.subscriptionQueueId)).length;
    expect((await p.post(`${R}${w.resourceId}/sync_user_roles/`)).statusCode).toBe(200);
    const rows = (await outbox(roleQueue.subscriptionQueueId)).slice(before);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.body)).toMatchObject({
      project_uuid: w.projectId,
      resource_uuid: w.resourceId,
    });
    const throttled = await p.post(`${R}${w.resourceId}/sync_user_roles/`);
    expect(throttled.statusCode).toBe(429);
    now = new Date(now.getTime() + 31_000);
    expect((await p.post(`${R}${w.resourceId}/sync_user_roles/`)).statusCode).toBe(200);
    await ctx.prisma.offering.update({ where: { id: w.offeringId }, data: { pluginOptions: {} } });
    try {
      now = new Date(now.getTime() + 31_000);
      const conflict = await p.post(`${R}${w.resourceId}/sync_user_roles/`);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toEqual({ detail: 'Membership sync status is not enabled for this offering.' });
    } finally {
      await ctx.prisma.offering.update({
        where: { id: w.offeringId },
        data: { pluginOptions: { enable_membership_sync_status: true } },
      });
    }
    expect(
      (await as(ctx.app, w.providerSupport).post(`${R}${w.resourceId}/sync_user_roles/`)).statusCode,
    ).toBe(403);
  });
});
