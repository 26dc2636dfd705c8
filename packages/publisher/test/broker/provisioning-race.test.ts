// Concurrent subscription create/delete against the real RabbitMQ and PostgreSQL: after every round the broker
// must match the database — a vhost for a user exactly while they have a subscription, and a broker user for
// every live subscription. Fails without the per-user provisioning lock: a DELETE that counted "no other
// subscription" before a concurrent POST committed removes the vhost the new subscription lives in, and
// parallel DELETEs of the last subscriptions each see another one left and keep the vhost.
import { eventSubscriptionSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { as } from '../api/requests.js';
import { testBroker } from '../support/broker.js';
import { brokerProvisioner, startApi, type ApiContext, type TestUser } from '../api/api-world.js';

const ES = '/api/event-subscriptions/';
/** Rounds of each race (PROVISIONING_RACE_ROUNDS overrides; the defaults keep the file within a few tens of s). */
const ROUNDS = Number(process.env.PROVISIONING_RACE_ROUNDS ?? 100);
const TIMEOUT = 600_000;
const BATCH_ROUNDS = Math.max(3, Math.round(ROUNDS / 20));

let ctx: ApiContext;
const mgmt = brokerProvisioner();

beforeAll(async () => {
  ctx = await startApi();
});
afterAll(async () => {
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

async function create(user: TestUser): Promise<string> {
  const res = await as(ctx.app, user).post(ES, { observable_objects: [{ object_type: 'order' }] });
  expect(res.statusCode, res.body).toBe(201);
  return eventSubscriptionSchema.parse(res.json()).uuid;
}

/** The broker matches the committed rows of `user`. */
async function expectBrokerMatches(user: TestUser, round: string): Promise<void> {
  const subs = await ctx.prisma.eventSubscription.findMany({ where: { userId: user.id } });
  // A deleted broker user loses its permissions; a missing vhost lists none. The admin that made the vhost
  // holds permissions on it too.
  const perms = (await mgmt.listVhostPermissions(user.id)).filter((p) => p.user !== testBroker().adminUser);
  expect(perms.map((p) => p.user).sort(), `${round}: broker users with access to the vhost`).toEqual(
    subs.map((s) => s.id).sort(),
  );
  if (subs.length === 0) expect(await mgmt.vhostExists(user.id), `${round}: vhost left behind`).toBe(false);
}

describe('provisioning under concurrency', () => {
  test(
    'DELETE of the only subscription races POST of a new one: the vhost survives for the new one',
    async () => {
      const user = ctx.world.providerOwner;
      let current = await create(user);
      for (let round = 0; round < ROUNDS; round++) {
        const [del, post] = await Promise.all([
          as(ctx.app, user).delete(`${ES}${current}/`),
          as(ctx.app, user).post(ES, { observable_objects: [{ object_type: 'order' }] }),
        ]);
        expect(del.statusCode, del.body).toBe(204);
        expect(post.statusCode, post.body).toBe(201);
        current = eventSubscriptionSchema.parse(post.json()).uuid;
        await expectBrokerMatches(user, `round ${String(round)}`);
      }
    },
    TIMEOUT,
  );

  test(
    'every subscription deleted at once, while another user creates: no vhost left behind',
    async () => {
      const user = ctx.world.consumerOwner;
      const bystander = ctx.world.projectAdmin;
      for (let round = 0; round < BATCH_ROUNDS; round++) {
        const subs = [];
        for (let i = 0; i < 10; i++) subs.push(await create(user));
        const results = await Promise.all([
          ...subs.map((id) => as(ctx.app, user).delete(`${ES}${id}/`)),
          as(ctx.app, bystander).post(ES, { observable_objects: [{ object_type: 'order' }] }),
        ]);
        expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(10).fill(204)]);
        await expectBrokerMatches(user, `batch ${String(round)}`);
        await expectBrokerMatches(bystander, `batch ${String(round)} bystander`);
      }
    },
    TIMEOUT,
  );

  test('two DELETEs of one subscription: one 204, one 404, never a 500', async () => {
    const user = ctx.world.providerSupport;
    const id = await create(user);
    const statuses = (
      await Promise.all([as(ctx.app, user).delete(`${ES}${id}/`), as(ctx.app, user).delete(`${ES}${id}/`)])
    )
      .map((r) => r.statusCode)
      .sort();
    expect(statuses).toEqual([204, 404]);
    await expectBrokerMatches(user, 'double delete');
  });
});
