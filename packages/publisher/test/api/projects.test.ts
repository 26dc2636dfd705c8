// Projects: list/retrieve, role grant/revoke (user_role events, granted true/false), project role sync (staff).
import { userRoleMessageSchema, userRoleSyncMessageSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let queue: { subscriptionQueueId: string };
beforeAll(async () => {
  ctx = await startApi();
  queue = await registerQueue(ctx.prisma, ctx.world.providerOwner.id, ctx.world.offeringId, 'user_role');
});
afterAll(async () => ctx.close());

const P = '/api/projects/';
const roleEvents = async () =>
  (
    await ctx.prisma.outboxMessage.findMany({
      where: { subscriptionQueueId: queue.subscriptionQueueId },
      orderBy: { id: 'asc' },
    })
  ).map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('projects', () => {
  it('lists visible projects with name/slug/customer filters', async () => {
    const w = ctx.world;
    const member = as(ctx.app, w.projectMember);
    const rows = (await member.get(P)).json<Record<string, unknown>[]>();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      uuid: w.projectId,
      url: `${BASE_URL}${P}${w.projectId}/`,
      name: 'Research',
      customer_uuid: w.consumerCustomerId,
      resources_count: 1,
    });
    const slug = rows[0]!.slug as string;
    expect((await as(ctx.app, w.staff).get(`${P}?slug=${slug}`)).json()).toHaveLength(1);
    expect((await as(ctx.app, w.staff).get(`${P}?customer=${w.providerCustomerId}`)).json()).toEqual([]);
    expect((await as(ctx.app, w.consumerOwner).get(`${P}?name=resea`)).json()).toHaveLength(1);
    expect((await as(ctx.app, w.outsider).get(P)).json()).toEqual([]);
    expect((await as(ctx.app, w.outsider).get(`${P}${w.projectId}/`)).statusCode).toBe(404);
    expect((await member.get(`${P}${w.projectId}/?field=name`)).json()).toEqual({ name: 'Research' });
  });

  it('add_user grants a role (201) and emits user_role granted=true; delete_user revokes with granted=false', async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.consumerOwner);
    const add = await owner.post(`${P}${w.projectId}/add_user/`, {
      role: 'PROJECT.MEMBER',
      user: w.outsider.id,
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toEqual({ expiration_time: null });
    expect((await as(ctx.app, w.outsider).get(`${P}${w.projectId}/`)).statusCode).toBe(200);
    const dup = await owner.post(`${P}${w.projectId}/add_user/`, {
      role: 'PROJECT.MEMBER',
      user: w.outsider.id,
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json()).toEqual(['User already has role within this scope.']);

    const del = await owner.post(`${P}${w.projectId}/delete_user/`, {
      role: 'PROJECT.MEMBER',
      user: `${BASE_URL}/api/users/${w.outsider.id}/`,
    });
    expect(del.statusCode).toBe(200);
    expect((await as(ctx.app, w.outsider).get(`${P}${w.projectId}/`)).statusCode).toBe(404);
    const again = await owner.post(`${P}${w.projectId}/delete_user/`, {
      role: 'PROJECT.MEMBER',
      user: w.outsider.id,
    });
    expect(again.json()).toEqual(['User does not have role within this scope.']);

    const events = await roleEvents();
    expect(events).toHaveLength(2);
    const [granted, revoked] = events.map((e) => userRoleMessageSchema.parse(e));
    expect(granted).toMatchObject({
      user_uuid: w.outsider.id,
      project_uuid: w.projectId,
      role_name: 'PROJECT.MEMBER',
      granted: true,
    });
    expect(revoked).toMatchObject({ user_uuid: w.outsider.id, granted: false });
  });

  it('role management: member 403, bad bodies 400, unknown user 400', async () => {
    const w = ctx.world;
    expect(
      (
        await as(ctx.app, w.projectMember).post(`${P}${w.projectId}/add_user/`, {
          role: 'PROJECT.ADMIN',
          user: w.outsider.id,
        })
      ).statusCode,
    ).toBe(403);
    const owner = as(ctx.app, w.consumerOwner);
    const bad = await owner.post(`${P}${w.projectId}/add_user/`, { role: 'PROJECT.KING' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      role: ['"PROJECT.KING" is not a valid choice.'],
      user: ['This field is required.'],
    });
    const ghost = await owner.post(`${P}${w.projectId}/add_user/`, {
      role: 'PROJECT.ADMIN',
      user: 'f'.repeat(32),
    });
    expect(ghost.json()).toEqual({ user: [`Invalid pk "${'f'.repeat(32)}" - object does not exist.`] });
  });

  it('sync_user_roles is staff only and emits {project_uuid, project_name}', async () => {
    const w = ctx.world;
    expect((await as(ctx.app, w.consumerOwner).post(`${P}${w.projectId}/sync_user_roles/`)).statusCode).toBe(
      403,
    );
    expect((await as(ctx.app, w.staff).post(`${P}${w.projectId}/sync_user_roles/`)).statusCode).toBe(200);
    const last = (await roleEvents()).at(-1);
    expect(userRoleSyncMessageSchema.parse(last)).toMatchObject({
      project_uuid: w.projectId,
      project_name: 'Research',
    });
    expect(last).not.toHaveProperty('user_uuid');
  });
});
