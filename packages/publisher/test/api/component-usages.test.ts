// Component usages: set_usage upserts per resource/component/month, list filters, per-user usage validation,
// permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from './requests.js';
import { startApi, type ApiContext } from './api-world.js';
import { expectContractAnswer } from './contract-answer.js';

let ctx: ApiContext;
beforeAll(async () => {
  ctx = await startApi({ clock: () => new Date('2026-05-20T12:00:00Z') });
});
afterAll(async () => ctx.close());

const CU = '/api/marketplace-component-usages/';

describe('component usages', () => {
  it('set_usage creates then updates the month usage (201) and the list shows it', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const first = await p.post(`${CU}set_usage/`, {
      resource: w.resourceId,
      usages: [
        { type: 'cpu', amount: 12.5, description: 'May' },
        { type: 'mem', amount: '3' },
      ],
    });
    expect(first.statusCode).toBe(201);
    const again = await p.post(`${CU}set_usage/`, {
      resource: w.resourceId,
      usages: [{ type: 'cpu', amount: 20 }],
      date: '2026-05-21T00:00:00Z',
    });
    expect(again.statusCode).toBe(201);
    const res = await p.get(`${CU}?resource_uuid=${w.resourceId}&billing_period=2026-05-01`);
    expect(res.statusCode).toBe(200);
    const rows = res.json<Record<string, unknown>[]>();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.type === 'cpu')).toMatchObject({
      usage: 20,
      billing_period: '2026-05-01',
      resource_uuid: w.resourceId,
      offering_uuid: w.offeringId,
      name: 'CPU',
      measured_unit: 'k-Hours',
    });
    expect((await p.get(`${CU}?resource_uuid=${w.resourceId}&billing_period=2026-04-01`)).json()).toEqual([]);
    // The consumer side can read usages of its resources.
    expect(
      (await as(ctx.app, w.projectAdmin).get(`${CU}?resource_uuid=${w.resourceId}`)).json(),
    ).toHaveLength(2);
    expect((await as(ctx.app, w.outsider).get(CU)).json()).toEqual([]);
  });

  it('set_usage validates the body and the components; only the provider may report', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const missing = await p.post(`${CU}set_usage/`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      resource: ['This field is required.'],
      usages: ['This field is required.'],
    });
    const unknown = await p.post(`${CU}set_usage/`, {
      resource: w.resourceId,
      usages: [{ type: 'gpu', amount: 1 }],
    });
    expect(unknown.json()).toEqual({ usages: ['Component gpu is not found.'] });
    const badAmount = await p.post(`${CU}set_usage/`, {
      resource: w.resourceId,
      usages: [{ type: 'cpu', amount: 'lots' }],
    });
    expect(badAmount.statusCode).toBe(400);
    expect(Object.keys(badAmount.json<object>())).toEqual(['usages.0.amount']);
    expect(
      (
        await as(ctx.app, w.providerSupport).post(`${CU}set_usage/`, {
          resource: w.resourceId,
          usages: [{ type: 'cpu', amount: 1 }],
        })
      ).statusCode,
    ).toBe(403);
    const consumer = await as(ctx.app, w.projectAdmin).post(`${CU}set_usage/`, {
      resource: w.resourceId,
      usages: [{ type: 'cpu', amount: 1 }],
    });
    expect(consumer.statusCode).toBe(400);
    expect(consumer.json()).toEqual({ resource: ['Object does not exist.'] });
  });

  it('set_user_usages / set_user_usage accept per-user shares of a usage (201), validate, check permissions', async () => {
    const w = ctx.world;
    const usage = await ctx.prisma.componentUsage.findFirstOrThrow({
      where: { resourceId: w.resourceId, type: 'cpu' },
    });
    const p = as(ctx.app, w.providerOwner);
    expect(
      (
        await p.post(`${CU}${usage.id}/set_user_usages/`, {
          usages: [
            { username: 'alice', usage: 5 },
            { username: 'bob', usage: '2.5' },
          ],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await p.post(`${CU}${usage.id}/set_user_usage/`, { username: 'alice', usage: 5 })).statusCode,
    ).toBe(201);
    // Reported again for the same period: replaced per username, never added.
    expect(
      (await p.post(`${CU}${usage.id}/set_user_usages/`, { usages: [{ username: 'alice', usage: '7.25' }] }))
        .statusCode,
    ).toBe(201);
    const period = usage.billingPeriod.toISOString().slice(0, 10);
    const listUrl = `/api/marketplace-component-user-usages/?resource_uuid=${w.resourceId}&component_usage__billing_period=${period}`;
    const listed = await p.get(listUrl);
    expect(listed.statusCode).toBe(200);
    const rows = expectContractAnswer('GET', listUrl, listed) as { username: string; usage: number }[];
    expect(rows.map((r) => [r.username, r.usage])).toEqual([
      ['alice', 7],
      ['bob', 3],
    ]);
    const stored = await ctx.prisma.componentUserUsage.findMany({ where: { componentUsageId: usage.id } });
    expect(stored.map((r) => [r.username, r.usage.toString()]).sort()).toEqual([
      ['alice', '7.25'],
      ['bob', '2.5'],
    ]);
    expect((await as(ctx.app, w.outsider).get(listUrl)).json()).toEqual([]);
    const bad = await p.post(`${CU}${usage.id}/set_user_usages/`, { usages: [{ usage: 5 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ 'usages.0.username': ['This field is required.'] });
    expect(
      (await as(ctx.app, w.projectAdmin).post(`${CU}${usage.id}/set_user_usages/`, { usages: [] }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(ctx.app, w.outsider).post(`${CU}${usage.id}/set_user_usages/`, { usages: [] })).statusCode,
    ).toBe(404);
  });
});
