// An agent starting many offerings at once, against the real RabbitMQ and PostgreSQL with a small database pool
// (docs/guarantees.md#overload): 60 offerings × 2 object types of ONE user run identity → register_event_subscription
// → create_queue concurrently. Every answer is 2xx or 503 + Retry-After (retried like the agent does), never a 500
// or a 400, and the end state is consistent: one subscription per type, one queue row per (offering, type), each
// queue present on the broker. Before the provisioning gate, every request held a pooled connection while blocked
// on the user's advisory lock: the pool ran dry and requests failed with Prisma P2028 → 500.
import { agentIdentitySchema, eventSubscriptionSchema, queueName } from '@waldur-sim/protocol';
import { createManagementClient } from '@waldur-sim/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { provisioningConcurrencyFor } from '../../src/http/provisioning-gate.js';
import { newHexId } from '../../src/services.js';
import { brokerProvisioner, startApi, type ApiContext } from '../api/api-world.js';
import { as } from '../api/requests.js';
import { testBroker } from '../support/broker.js';

const OFFERINGS = Number(process.env.PROVISIONING_OVERLOAD_OFFERINGS ?? 60);
const TYPES = ['order', 'resource_api_key_rotation'] as const;
const POOL = 4;
const I = '/api/marketplace-site-agent-identities/';

let ctx: ApiContext;
const mgmt = brokerProvisioner();

beforeAll(async () => {
  ctx = await startApi({
    poolMax: POOL,
    provisioning: { concurrency: provisioningConcurrencyFor(POOL) },
  });
});
afterAll(async () => {
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

const statuses: number[] = [];

/** One REST call, repeated after a 503 (Retry-After honoured, capped for the test) like the agent's client. */
async function call(send: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  for (;;) {
    const res = await send();
    statuses.push(res.statusCode);
    if (res.statusCode !== 503) return res;
    expect(res.headers['retry-after'], 'a 503 carries Retry-After').toMatch(/^\d+$/);
    expect(res.json()).toHaveProperty('detail');
    await new Promise((r) => setTimeout(r, Math.min(Number(res.headers['retry-after']) * 1000, 500)));
  }
}

describe('provisioning under an agent start-up burst, small pool', () => {
  test(`${String(OFFERINGS)} offerings × ${String(TYPES.length)} types for one user at once: 2xx or 503, never 500; consistent end state`, async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.providerOwner);
    const offeringIds: string[] = [];
    for (let i = 0; i < OFFERINGS; i++) {
      const o = await ctx.prisma.offering.create({
        data: {
          id: newHexId(),
          name: `burst ${String(i)}`,
          type: 'Marketplace.Slurm',
          customerId: w.providerCustomerId,
        },
      });
      offeringIds.push(o.id);
    }
    const startOffering = async (offeringId: string) => {
      const identity = await call(() =>
        owner.post(I, {
          offering: offeringId,
          name: `agent-${offeringId}`,
          version: '1.0.0',
          last_restarted: '2026-12-05T00:00:00+00:00',
          dependencies: [],
          config_file_path: '',
          config_file_content: '',
        }),
      );
      expect(identity.statusCode, identity.body).toBe(201);
      const { uuid } = agentIdentitySchema.parse(identity.json());
      return Promise.all(
        TYPES.map(async (objectType) => {
          const reg = await call(() =>
            owner.post(`${I}${uuid}/register_event_subscription/`, { observable_object_type: objectType }),
          );
          expect([200, 201], reg.body).toContain(reg.statusCode);
          const sub = eventSubscriptionSchema.parse(reg.json());
          const q = await call(() =>
            owner.post(`/api/event-subscriptions/${sub.uuid}/create_queue/`, {
              offering_uuid: offeringId,
              object_type: objectType,
            }),
          );
          expect(q.statusCode, q.body).toBe(201);
          return { subscription: sub.uuid, objectType, offeringId };
        }),
      );
    };
    const made = (await Promise.all(offeringIds.map(startOffering))).flat();

    expect(
      statuses.filter((s) => s >= 500 && s !== 503),
      'no 5xx other than 503',
    ).toEqual([]);
    expect(
      statuses.filter((s) => s >= 400 && s < 500),
      'no 4xx',
    ).toEqual([]);

    const subs = await ctx.prisma.eventSubscription.findMany({
      where: { userId: w.providerOwner.id },
      include: { queues: true },
    });
    expect(subs, 'one subscription per object type').toHaveLength(TYPES.length);
    for (const objectType of TYPES) {
      const sub = subs.find(
        (s) => JSON.stringify(s.observableObjects) === JSON.stringify([{ object_type: objectType }]),
      );
      expect(sub, objectType).toBeDefined();
      expect(new Set(made.filter((m) => m.objectType === objectType).map((m) => m.subscription))).toEqual(
        new Set([sub?.id]),
      );
      expect(sub?.queues.map((q) => q.offeringId).sort(), `${objectType}: one queue per offering`).toEqual(
        [...offeringIds].sort(),
      );
    }
    const missing: string[] = [];
    for (const m of made) {
      const name = queueName({
        subscriptionUuid: m.subscription,
        offeringUuid: m.offeringId,
        objectType: m.objectType,
      });
      if ((await mgmt.getQueue(w.providerOwner.id, name)) === null) missing.push(name);
    }
    expect(missing, 'queues missing on the broker').toEqual([]);
    expect(ctx.services.provisioningGate.load).toEqual({ running: 0, waitingForSlot: 0, users: 0 });
  }, 600_000);

  test('a vhost whose creation a timeout cut off (admin without access, no limits) is repaired, not a 400 forever', async () => {
    // The management API grants the creating admin access, then we set limits; a creation request our 10 s
    // timeout aborted leaves the vhost without either. Queue declarations in it were refused for good (400).
    const raw = createManagementClient(testBroker());
    const admin = testBroker().adminUser;
    const w = ctx.world;
    const user = w.otherProviderOwner;
    const noAccess = { configure: '^$', write: '^$', read: '^$' };
    await raw.putVhost(user.id);
    await raw.setPermissions(user.id, admin, noAccess);
    const caller = as(ctx.app, user);
    const created = await caller.post('/api/event-subscriptions/', {
      observable_objects: [{ object_type: 'order' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = eventSubscriptionSchema.parse(created.json());
    expect(await mgmt.getVhostLimits(user.id)).toMatchObject({ 'max-queues': 4096 });
    expect(await mgmt.getQueueBounds(user.id)).not.toBeNull();
    // A vhost broken before the fix: the admin lost access after the subscription was made.
    await raw.setPermissions(user.id, admin, noAccess);
    const queue = await caller.post(`/api/event-subscriptions/${sub.uuid}/create_queue/`, {
      offering_uuid: w.otherOfferingId,
      object_type: 'order',
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const name = queueName({
      subscriptionUuid: sub.uuid,
      offeringUuid: w.otherOfferingId,
      objectType: 'order',
    });
    expect(await mgmt.getQueue(user.id, name)).not.toBeNull();
  });
});
