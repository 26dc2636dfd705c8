// Usernames on the Waldur side (docs/agent.md#username-management): the provider sets the offering's username
// plugin options through update_integration; offering users made under `anonymized` / `full_name` get Waldur's
// generated names; a PATCHed username completes a user still being created (OK) and emits username_set.
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

const integration = () => `/api/marketplace-provider-offerings/${ctx.world.offeringId}/update_integration/`;

async function pluginOptions(): Promise<Record<string, unknown>> {
  const res = await as(ctx.app, ctx.world.providerOwner).get(
    `/api/marketplace-provider-offerings/${ctx.world.offeringId}/?field=plugin_options`,
  );
  return res.json<{ plugin_options: Record<string, unknown> }>().plugin_options;
}

async function memberWithOfferingUser(first: string, last: string) {
  const user = await createUser(ctx.prisma, first, { firstName: first, lastName: last });
  expect((await grantMember(ctx, user.id)).statusCode).toBe(201);
  return ctx.prisma.offeringUser.findFirstOrThrow({ where: { userId: user.id } });
}

describe('update_integration', () => {
  it('merges plugin_options key by key; the provider only; bad values are 400', async () => {
    const p = as(ctx.app, ctx.world.providerOwner);
    const before = await pluginOptions();
    const res = await p.post(integration(), {
      plugin_options: {
        username_generation_policy: 'service_provider',
        service_provider_can_create_offering_user: true,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(await pluginOptions()).toEqual({
      ...before,
      username_generation_policy: 'service_provider',
      service_provider_can_create_offering_user: true,
    });

    const bad = await p.post(integration(), { plugin_options: { username_generation_policy: 'random' } });
    expect(bad.statusCode).toBe(400);
    const flag = await p.post(integration(), {
      plugin_options: { service_provider_can_create_offering_user: 'yes' },
    });
    expect(flag.statusCode).toBe(400);
    expect((await as(ctx.app, ctx.world.consumerOwner).post(integration(), {})).statusCode).toBe(404);
    expect((await as(ctx.app, ctx.world.providerSupport).post(integration(), {})).statusCode).toBe(403);
    expect((await pluginOptions()).username_generation_policy).toBe('service_provider');
  });
});

describe("Waldur's username policies at offering-user creation", () => {
  it('anonymized: <prefix><5 digits>, numbered on', async () => {
    const p = as(ctx.app, ctx.world.providerOwner);
    await p.post(integration(), {
      plugin_options: { username_generation_policy: 'anonymized', username_anonymized_prefix: 'anon_' },
    });
    const a = await memberWithOfferingUser('Ann', 'A');
    const b = await memberWithOfferingUser('Ben', 'B');
    expect([a.username, a.state, b.username, b.state]).toEqual(['anon_00000', 'OK', 'anon_00001', 'OK']);
  });

  it('full_name: <first>_<last>_<2 digits>', async () => {
    const p = as(ctx.app, ctx.world.providerOwner);
    await p.post(integration(), { plugin_options: { username_generation_policy: 'full_name' } });
    const a = await memberWithOfferingUser('José', 'Van Dam');
    const b = await memberWithOfferingUser('jose', 'van dam');
    expect([a.username, b.username]).toEqual(['jose_van_dam_00', 'jose_van_dam_01']);
  });
});

describe('a PATCHed username', () => {
  it('makes a user in a creation state OK and emits username_set, then update with state', async () => {
    const p = as(ctx.app, ctx.world.providerOwner);
    await p.post(integration(), { plugin_options: { username_generation_policy: 'service_provider' } });
    const ou = await memberWithOfferingUser('Cy', 'C');
    expect(ou).toMatchObject({ username: null, state: 'Requested' });
    expect((await p.post(`/api/marketplace-offering-users/${ou.id}/begin_creating/`)).statusCode).toBe(200);
    const res = await p.patch(`/api/marketplace-offering-users/${ou.id}/`, { username: 'cy' });
    expect(res.json()).toMatchObject({ username: 'cy', state: 'OK' });
    const bodies = (
      await ctx.prisma.outboxMessage.findMany({
        where: { subscriptionQueueId: queue.subscriptionQueueId },
        orderBy: { id: 'asc' },
      })
    )
      .map((r) => JSON.parse(r.body) as Record<string, unknown>)
      .filter((b) => b.offering_user_uuid === ou.id);
    expect(bodies.map((b) => b.action)).toEqual(['create', 'update', 'username_set', 'update']);
    expect(bodies[3]).toMatchObject({ state: 'OK', changed_fields: ['username', 'state'] });
  });

  it('set_validation_complete makes a pending user OK and clears the comment', async () => {
    const p = as(ctx.app, ctx.world.providerOwner);
    const ou = await memberWithOfferingUser('Di', 'D');
    const url = (a: string) => `/api/marketplace-offering-users/${ou.id}/${a}/`;
    await p.post(url('begin_creating'));
    await p.post(url('set_pending_additional_validation'), { comment: 'sign the AUP' });
    expect((await p.post(url('set_validation_complete'))).statusCode).toBe(200);
    expect(await ctx.prisma.offeringUser.findUniqueOrThrow({ where: { id: ou.id } })).toMatchObject({
      state: 'OK',
      comment: '',
    });
  });
});
