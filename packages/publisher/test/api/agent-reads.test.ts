// Reads of Waldur's contract the emulator serves from plugins of their own: version, user attribute config,
// component user usage limits and user usages, the service provider's keys and projects, periodic usage
// policies, marketplace-resources. Every success answer is checked against the contract.
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

const dashed = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

describe('agent reads', () => {
  it('version answers the implemented Waldur version, to authenticated callers only', async () => {
    const url = '/api/version/';
    const res = await as(ctx.app, ctx.world.outsider).get(url);
    expect(res.statusCode).toBe(200);
    expect(expectContractAnswer('GET', url, res)).toEqual({
      version: '8.1.0rc19',
      latest_version: '8.1.0rc19',
    });
    expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  it("user-attribute-config answers Waldur's default for an offering without a saved config", async () => {
    const w = ctx.world;
    const url = `/api/marketplace-provider-offerings/${dashed(w.offeringId)}/user-attribute-config/`;
    const res = await as(ctx.app, w.providerOwner).get(url);
    expect(res.statusCode).toBe(200);
    const body = expectContractAnswer('GET', url, res) as Record<string, unknown>;
    expect(body).toMatchObject({
      offering_uuid: w.offeringId,
      is_default: true,
      exposed_fields: ['full_name', 'email', 'username'],
      expose_username: true,
      expose_full_name: true,
      expose_email: true,
      expose_registration_method: false,
      expose_civil_number: false,
    });
    expect((await as(ctx.app, w.outsider).get(url)).statusCode).toBe(404);
    const unknown = `/api/marketplace-provider-offerings/${newHexId()}/user-attribute-config/`;
    expect((await as(ctx.app, w.providerOwner).get(unknown)).statusCode).toBe(404);
  });

  it('component user usage limits are an empty list; bad UUID filters are 400 (also for user usages)', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const limits = `/api/component-user-usage-limits/?resource_uuid=${w.resourceId}&page_size=100`;
    const res = await p.get(limits);
    expect(res.statusCode).toBe(200);
    expect(expectContractAnswer('GET', limits, res)).toEqual([]);
    expect(res.headers['x-result-count']).toBe('0');
    for (const base of ['/api/component-user-usage-limits/', '/api/marketplace-component-user-usages/']) {
      const bad = await p.get(`${base}?resource_uuid=nope`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ resource_uuid: ['Enter a valid UUID.'] });
    }
  });

  it("service provider keys: an empty list for the provider's people, 403 for others, 404 if unknown", async () => {
    const w = ctx.world;
    const url = `/api/marketplace-service-providers/${w.serviceProviderId}/keys/`;
    const res = await as(ctx.app, w.providerOwner).get(url);
    expect(res.statusCode).toBe(200);
    expect(expectContractAnswer('GET', url, res)).toEqual([]);
    expect((await as(ctx.app, w.outsider).get(url)).statusCode).toBe(403);
    const unknown = `/api/marketplace-service-providers/${newHexId()}/keys/`;
    expect((await as(ctx.app, w.providerOwner).get(unknown)).statusCode).toBe(404);
  });

  it("service provider projects: projects with resources of the provider's offerings", async () => {
    const w = ctx.world;
    const base = `/api/marketplace-service-providers/${dashed(w.serviceProviderId)}/projects/`;
    const url = `${base}?field=oecd_fos_2007_code&field=is_industry&field=uuid`;
    const res = await as(ctx.app, w.providerOwner).get(url);
    expect(res.statusCode).toBe(200);
    const body = expectContractAnswer('GET', url, res) as { uuid: string }[];
    expect(body.map((p) => p.uuid)).toEqual([w.projectId]);
    const full = await as(ctx.app, w.staff).get(`${base}?query=Resea`);
    expect((expectContractAnswer('GET', base, full) as { uuid: string }[]).map((p) => p.uuid)).toEqual([
      w.projectId,
    ]);
    expect((await as(ctx.app, w.staff).get(`${base}?query=nothing-like-it`)).json()).toEqual([]);
    expect((await as(ctx.app, w.outsider).get(base)).statusCode).toBe(403);
  });

  it('periodic usage policies list is empty; scope_uuid is validated', async () => {
    const url = `/api/marketplace-slurm-periodic-usage-policies/?scope_uuid=${ctx.world.resourceId}`;
    const p = as(ctx.app, ctx.world.providerOwner);
    const res = await p.get(url);
    expect(expectContractAnswer('GET', url, res)).toEqual([]);
    expect((await p.get('/api/marketplace-slurm-periodic-usage-policies/?scope_uuid=x')).statusCode).toBe(
      400,
    );
  });

  it('marketplace-resources lists what each side sees, filtered by offering and state', async () => {
    const w = ctx.world;
    const url = `/api/marketplace-resources/?offering_uuid=${w.offeringId}&state=OK&state=Erred&page_size=100`;
    for (const user of [w.providerOwner, w.projectMember, w.consumerOwner]) {
      const res = await as(ctx.app, user).get(url);
      expect(res.statusCode).toBe(200);
      expect((expectContractAnswer('GET', url, res) as { uuid: string }[]).map((r) => r.uuid)).toEqual([
        w.resourceId,
      ]);
    }
    expect((await as(ctx.app, w.outsider).get(url)).json()).toEqual([]);
    const other = `/api/marketplace-resources/?offering_uuid=${w.otherOfferingId}`;
    expect((await as(ctx.app, w.providerOwner).get(other)).json()).toEqual([]);
    expect(
      (await as(ctx.app, w.providerOwner).get('/api/marketplace-resources/?offering_uuid=x')).statusCode,
    ).toBe(400);
  });
});
