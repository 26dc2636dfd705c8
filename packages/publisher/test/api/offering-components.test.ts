// create_offering_component / update_offering_component (the agent's component loader CLI): stored on the
// offering, visible in its components; duplicates and bad bodies are 400, non-managers 403, strangers 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newHexId } from '../../src/services.js';
import { expectContractAnswer } from './contract-answer.js';
import { as } from './requests.js';
import { startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
beforeAll(async () => {
  ctx = await startApi();
});
afterAll(async () => ctx.close());

describe('offering components', () => {
  it('creates and updates components of a managed offering', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const create = `/api/marketplace-provider-offerings/${w.offeringId}/create_offering_component/`;
    const body = {
      billing_type: 'usage',
      type: 'gpu',
      name: 'GPU',
      measured_unit: 'GPU-Hours',
      limit_amount: 5,
    };
    const res = await p.post(create, body);
    expect(res.statusCode).toBe(201);
    expectContractAnswer('POST', create, res);
    const gpu = await ctx.prisma.offeringComponent.findUniqueOrThrow({
      where: { offeringId_type: { offeringId: w.offeringId, type: 'gpu' } },
    });
    expect(gpu).toMatchObject({
      name: 'GPU',
      billingType: 'usage',
      measuredUnit: 'GPU-Hours',
      limitAmount: 5,
    });
    expect((await p.post(create, body)).json()).toEqual({
      type: ['Component with this type already exists in the offering.'],
    });
    expect((await p.post(create, { ...body, type: 'x', billing_type: 'free' })).statusCode).toBe(400);

    const update = `/api/marketplace-provider-offerings/${w.offeringId}/update_offering_component/`;
    const updated = await p.post(update, { ...body, uuid: gpu.id, name: 'GPU hours', limit_amount: null });
    expect(updated.statusCode).toBe(200);
    expectContractAnswer('POST', update, updated);
    expect(await ctx.prisma.offeringComponent.findUniqueOrThrow({ where: { id: gpu.id } })).toMatchObject({
      name: 'GPU hours',
      limitAmount: null,
    });
    expect((await p.post(update, { ...body, uuid: newHexId() })).statusCode).toBe(404);
    expect((await p.post(update, { ...body, type: 'cpu', uuid: gpu.id })).statusCode).toBe(400);

    expect((await as(ctx.app, w.providerSupport).post(create, { ...body, type: 'y' })).statusCode).toBe(403);
    expect((await as(ctx.app, w.outsider).post(create, { ...body, type: 'y' })).statusCode).toBe(404);
  });
});
