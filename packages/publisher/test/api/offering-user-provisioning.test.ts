// Offering users appear as in Waldur when a member meets a site-agent offering: on a role grant in a project
// with live resources of it, and on a Create order for each project member. The username follows the
// offering's username_generation_policy; events: offering_user create (+ username_set when a name is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { createUser, grantMember, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let queue: { subscriptionQueueId: string };
beforeAll(async () => {
  ctx = await startApi();
  queue = await registerQueue(ctx.prisma, ctx.world.providerOwner.id, ctx.world.offeringId, 'offering_user');
});
afterAll(async () => ctx.close());

const newUser = (name: string) => createUser(ctx.prisma, name);

async function setPolicy(policy: string | null): Promise<void> {
  await ctx.prisma.offering.update({
    where: { id: ctx.world.offeringId },
    data: { pluginOptions: policy === null ? {} : { username_generation_policy: policy } },
  });
}

async function eventsFor(userId: string): Promise<Record<string, unknown>[]> {
  const rows = await ctx.prisma.outboxMessage.findMany({
    where: { subscriptionQueueId: queue.subscriptionQueueId },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => JSON.parse(r.body) as Record<string, unknown>).filter((b) => b.user_uuid === userId);
}

const grant = (userId: string) => grantMember(ctx, userId);

describe('offering users made on a role grant', () => {
  it('waldur_username: username at once, state OK, create + username_set events; not duplicated on re-grant', async () => {
    await setPolicy('waldur_username');
    const user = await newUser('alice');
    expect((await grant(user.id)).statusCode).toBe(201);

    const rows = await ctx.prisma.offeringUser.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ offeringId: ctx.world.offeringId, username: user.username, state: 'OK' });
    expect((await eventsFor(user.id)).map((e) => e.action)).toEqual(['create', 'username_set']);

    const revoke = await as(ctx.app, ctx.world.consumerOwner).post(
      `/api/projects/${ctx.world.projectId}/delete_user/`,
      { role: 'PROJECT.MEMBER', user: user.id },
    );
    expect(revoke.statusCode).toBe(200);
    expect((await grant(user.id)).statusCode).toBe(201);
    expect(await ctx.prisma.offeringUser.count({ where: { userId: user.id } })).toBe(1);
    expect((await eventsFor(user.id)).map((e) => e.action)).toEqual(['create', 'username_set']);
  });

  it('default policy (service_provider): blank username in state Requested, only the create event', async () => {
    await setPolicy(null);
    const user = await newUser('bob');
    expect((await grant(user.id)).statusCode).toBe(201);
    const row = await ctx.prisma.offeringUser.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ username: null, state: 'Requested' });
    expect((await eventsFor(user.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('no live resource of the offering in the project: no offering user', async () => {
    await setPolicy('waldur_username');
    await ctx.prisma.resource.updateMany({
      where: { projectId: ctx.world.projectId },
      data: { state: 'Terminated' },
    });
    try {
      const user = await newUser('carol');
      expect((await grant(user.id)).statusCode).toBe(201);
      expect(await ctx.prisma.offeringUser.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      await ctx.prisma.resource.updateMany({
        where: { projectId: ctx.world.projectId },
        data: { state: 'OK' },
      });
    }
  });
});
