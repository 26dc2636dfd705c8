// Provider offerings, service providers and plans: the agent's start-up reads, check_unique_backend_id, the
// (empty) account listings, and sync_resources (202 / 409 / 400, docs/protocol.md#offering_resources_sync).
import { providerOfferingSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
beforeAll(async () => {
  ctx = await startApi();
});
afterAll(async () => ctx.close());

const O = '/api/marketplace-provider-offerings/';

describe('provider offerings', () => {
  it("retrieve with the agent's field selection parses with the protocol schema", async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const full = providerOfferingSchema.parse((await p.get(`${O}${w.offeringId}/`)).json());
    expect(full).toMatchObject({
      uuid: w.offeringId,
      type: 'Marketplace.Slurm',
      state: 'Active',
      customer_uuid: w.providerCustomerId,
      url: `${BASE_URL}${O}${w.offeringId}/`,
    });
    expect(full.components.map((c) => c.type)).toEqual(['cpu', 'mem']);
    const narrow = await p.get(
      `${O}${w.offeringId}/?field=components&field=customer_uuid&field=partitions&field=plugin_options`,
    );
    expect(Object.keys(narrow.json<object>()).sort()).toEqual([
      'components',
      'customer_uuid',
      'partitions',
      'plugin_options',
    ]);
    providerOfferingSchema.partial().parse(narrow.json());
    expect((await p.get(`${O}?customer_uuid=${w.providerCustomerId}`)).json()).toHaveLength(1);
  });

  it('is visible to the offering customer only (support reads, outsiders 404)', async () => {
    const w = ctx.world;
    expect((await as(ctx.app, w.providerSupport).get(`${O}${w.offeringId}/`)).statusCode).toBe(200);
    expect((await as(ctx.app, w.outsider).get(`${O}${w.offeringId}/`)).statusCode).toBe(404);
    expect((await as(ctx.app, w.projectAdmin).get(`${O}${w.offeringId}/`)).statusCode).toBe(404);
  });

  it('check_unique_backend_id, account listings', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const backendId = (await ctx.prisma.resource.findUniqueOrThrow({ where: { id: w.resourceId } }))
      .backendId!;
    expect(
      (await p.post(`${O}${w.offeringId}/check_unique_backend_id/`, { backend_id: backendId })).json(),
    ).toEqual({ is_unique: false });
    expect(
      (
        await p.post(`${O}${w.offeringId}/check_unique_backend_id/`, {
          backend_id: 'fresh',
          check_all_offerings: true,
        })
      ).json(),
    ).toEqual({ is_unique: true });
    const bad = await p.post(`${O}${w.offeringId}/check_unique_backend_id/`, {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ backend_id: ['This field is required.'] });
    expect(
      (
        await as(ctx.app, w.providerSupport).post(`${O}${w.offeringId}/check_unique_backend_id/`, {
          backend_id: 'x',
        })
      ).statusCode,
    ).toBe(403);
    for (const action of ['list_project_service_accounts', 'list_course_accounts']) {
      const res = await p.get(`${O}${w.offeringId}/${action}/`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
      expect(res.headers['x-result-count']).toBe('0');
    }
  });

  it('sync_resources: 409 without subscribers, 202 with one (event in outbox), 400 for non-agent offerings, 403 for support', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const none = await p.post(`${O}${w.offeringId}/sync_resources/`);
    expect(none.statusCode).toBe(409);
    const q = await registerQueue(ctx.prisma, w.providerOwner.id, w.offeringId, 'offering_resources_sync');
    const ok = await p.post(`${O}${w.offeringId}/sync_resources/`);
    expect(ok.statusCode).toBe(202);
    const row = await ctx.prisma.outboxMessage.findFirstOrThrow({
      where: { subscriptionQueueId: q.subscriptionQueueId },
    });
    expect(row.body).toBe(
      `{"requested_by_user_uuid": "${w.providerOwner.id}", "offering_uuid": "${w.offeringId}"}`,
    );
    expect(row.topic).toBe(
      `subscription/${q.subscriptionId}/offering/${w.offeringId}/offering_resources_sync`,
    );
    expect(
      (await as(ctx.app, w.providerSupport).post(`${O}${w.offeringId}/sync_resources/`)).statusCode,
    ).toBe(403);
    await ctx.prisma.offering.update({ where: { id: w.offeringId }, data: { type: 'Marketplace.Basic' } });
    try {
      const basic = await p.post(`${O}${w.offeringId}/sync_resources/`);
      expect(basic.statusCode).toBe(400);
      expect(basic.json()).toEqual(['Resource sync is only available for site agent offerings.']);
    } finally {
      await ctx.prisma.offering.update({ where: { id: w.offeringId }, data: { type: 'Marketplace.Slurm' } });
    }
    await ctx.prisma.offering.update({ where: { id: w.offeringId }, data: { state: 'Paused' } });
    try {
      expect((await p.post(`${O}${w.offeringId}/sync_resources/`)).statusCode).toBe(409);
    } finally {
      await ctx.prisma.offering.update({ where: { id: w.offeringId }, data: { state: 'Active' } });
    }
  });
});

describe('service providers and plans', () => {
  it('lists service providers by customer_uuid with field=uuid (the agent lookup)', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).get(
      `/api/marketplace-service-providers/?customer_uuid=${w.providerCustomerId}&field=uuid`,
    );
    expect(res.json()).toEqual([{ uuid: w.serviceProviderId }]);
    const one = await as(ctx.app, w.outsider).get(
      `/api/marketplace-service-providers/${w.serviceProviderId}/`,
    );
    expect(one.json()).toMatchObject({
      uuid: w.serviceProviderId,
      customer_uuid: w.providerCustomerId,
      offering_count: 1,
    });
  });

  it('retrieves a plan with py-client ProviderPlanDetails required keys', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).get(`/api/marketplace-plans/${w.planId}/`);
    expect(res.statusCode).toBe(200);
    const plan = res.json<Record<string, unknown>>();
    for (const key of [
      'url',
      'uuid',
      'name',
      'is_active',
      'init_price',
      'switch_price',
      'organization_groups',
      'offering',
      'prices',
      'future_prices',
      'quotas',
      'resources_count',
      'plan_type',
      'minimal_price',
    ]) {
      expect(plan).toHaveProperty(key);
    }
    expect(plan).toMatchObject({
      uuid: w.planId,
      offering: `${BASE_URL}${O}${w.offeringId}/`,
      unit_price: '1.5000000',
      resources_count: 1,
    });
    expect((await as(ctx.app, w.outsider).get(`/api/marketplace-plans/${w.planId}/`)).statusCode).toBe(404);
  });
});
