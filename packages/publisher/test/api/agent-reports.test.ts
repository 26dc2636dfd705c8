// What a site agent reports back through operations served by plugins of their own: membership sync statuses,
// backend resources, resource API keys, and backend resource requests. Success answers are
// checked against Waldur's contract; bad input is a 400, unknown objects 404, other people's objects 403/404.
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

describe('membership sync statuses', () => {
  it('stores entries per member (a later report replaces), skips unknown members, validates the body', async () => {
    const w = ctx.world;
    const url = `/api/marketplace-provider-resources/${w.resourceId}/set_membership_sync_statuses/`;
    const p = as(ctx.app, w.providerOwner);
    const entry = { scope_type: 'resource', role_name: 'PROJECT.ADMIN', user_uuid: w.projectAdmin.id };
    const res = await p.post(url, {
      statuses: [
        { ...entry, state: 'pending' },
        { scope_type: 'resource', role_name: 'PROJECT.MEMBER', state: 'synced', username: 'someone' },
        { scope_type: 'resource', role_name: 'PROJECT.MEMBER', state: 'error', user_uuid: newHexId() },
        {
          scope_type: 'resource_project',
          role_name: 'PROJECT.MEMBER',
          state: 'synced',
          username: 'no-project',
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = expectContractAnswer('POST', url, res) as { stored: number; skipped: string[] };
    expect(body.stored).toBe(2);
    expect(body.skipped).toHaveLength(2);
    expect(body.skipped).toContain('no-project');
    const again = await p.post(url, { statuses: [{ ...entry, state: 'synced', message: 'ok' }] });
    expect(expectContractAnswer('POST', url, again)).toEqual({ stored: 1, skipped: [] });
    const rows = await ctx.prisma.memberSyncStatus.findMany({ where: { resourceId: w.resourceId } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.userId === w.projectAdmin.id)).toMatchObject({
      state: 'synced',
      message: 'ok',
    });

    const bad = await p.post(url, { statuses: [{ scope_type: 'galaxy', role_name: 'x', state: 'synced' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toHaveProperty(['statuses.0.scope_type']);
    expect((await p.post(url, {})).json()).toEqual({ statuses: ['This field is required.'] });
    expect((await as(ctx.app, w.providerSupport).post(url, { statuses: [] })).statusCode).toBe(403);
    expect((await as(ctx.app, w.outsider).post(url, { statuses: [] })).statusCode).toBe(404);
  });
});

describe('backend resources', () => {
  it('a manager reports one; the provider side lists it, filtered; bad references are 400', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const create = '/api/backend-resources/';
    const res = await p.post(create, {
      name: 'orphan-account',
      project: w.projectId,
      offering: w.offeringId,
      backend_id: 'orphan_1',
      backend_metadata: { partition: 'main' },
    });
    expect(res.statusCode).toBe(201);
    const created = expectContractAnswer('POST', create, res) as { uuid: string; backend_metadata: object };
    expect(created.backend_metadata).toEqual({ partition: 'main' });

    const list = `/api/backend-resources/?offering_uuid=${w.offeringId}&backend_id=orphan_1&page_size=100`;
    const listed = await p.get(list);
    expect((expectContractAnswer('GET', list, listed) as { uuid: string }[]).map((r) => r.uuid)).toEqual([
      created.uuid,
    ]);
    expect((await as(ctx.app, w.outsider).get(list)).json()).toEqual([]);
    expect((await p.get('/api/backend-resources/?project_uuid=nope')).statusCode).toBe(400);

    const missing = await p.post(create, { name: 'x', project: newHexId(), offering: w.offeringId });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json<object>())).toEqual(['project']);
    expect((await p.post(create, { name: 'x', project: w.projectId })).json()).toEqual({
      offering: ['This field is required.'],
    });
    const support = as(ctx.app, w.providerSupport);
    expect(
      (await support.post(create, { name: 'x', project: w.projectId, offering: w.offeringId })).statusCode,
    ).toBe(403);
  });
});

describe('resource API keys', () => {
  it('report_created, then set_key and set_erred, listed by state; unknown keys 404', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const report = '/api/marketplace-resource-api-keys/report_created/';
    const res = await p.post(report, { resource: w.resourceId, client_id: 'client-1', api_key: 'secret-1' });
    expect(res.statusCode).toBe(201);
    const key = expectContractAnswer('POST', report, res) as {
      uuid: string;
      fingerprint: string;
      state: string;
    };
    expect(key).toMatchObject({ state: 'OK', client_id: 'client-1', resource_uuid: w.resourceId });
    expect(res.body).not.toContain('secret-1');

    const setKey = `/api/marketplace-resource-api-keys/${key.uuid}/set_key/`;
    const rotated = expectContractAnswer('POST', setKey, await p.post(setKey, { api_key: 'secret-2' })) as {
      fingerprint: string;
    };
    expect(rotated.fingerprint).not.toBe(key.fingerprint);
    const setErred = `/api/marketplace-resource-api-keys/${key.uuid}/set_erred/`;
    const erred = await p.post(setErred, { error_message: 'backend refused' });
    expect(expectContractAnswer('POST', setErred, erred)).toMatchObject({
      state: 'Erred',
      error_message: 'backend refused',
    });

    const list = `/api/marketplace-resource-api-keys/?resource_uuid=${w.resourceId}&state=Erred&page_size=100`;
    const listed = await p.get(list);
    expect((expectContractAnswer('GET', list, listed) as { uuid: string }[]).map((k) => k.uuid)).toEqual([
      key.uuid,
    ]);
    expect((await p.get(list.replace('state=Erred', 'state=Updating'))).json()).toEqual([]);

    expect((await p.post(setErred, {})).statusCode).toBe(400);
    expect((await p.post(report, { resource: newHexId(), client_id: 'c', api_key: 'k' })).statusCode).toBe(
      400,
    );
    const unknown = `/api/marketplace-resource-api-keys/${newHexId()}/set_key/`;
    expect((await p.post(unknown, { api_key: 'k' })).statusCode).toBe(404);
    expect((await as(ctx.app, w.outsider).post(setKey, { api_key: 'k' })).statusCode).toBe(404);
    expect((await as(ctx.app, w.providerSupport).post(setKey, { api_key: 'k' })).statusCode).toBe(403);
  });
});

describe('backend resource requests', () => {
  it('the provider asks (201), the agent moves it Sent -> Processing -> Done; wrong states 409, unknown 404', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const created = await p.post('/api/backend-resource-requests/', { offering: w.offeringId });
    expect(created.statusCode).toBe(201);
    // Not an operation of the agent's contract (Waldur's UI creates requests); its GET is checked below.
    const { uuid } = created.json<{ uuid: string }>();
    const base = `/api/backend-resource-requests/${uuid}/`;
    expect((await p.post(`${base}set_done/`, {})).statusCode).toBe(409);
    const started = await p.post(`${base}start_processing/`, {});
    expectContractAnswer('POST', `${base}start_processing/`, started);
    const doneRes = await p.post(`${base}set_done/`, {});
    expectContractAnswer('POST', `${base}set_done/`, doneRes);
    const read = await p.get(base);
    expect(expectContractAnswer('GET', base, read)).toMatchObject({ state: 'Done', offering: w.offeringId });
    expect((await p.post(`${base}set_erred/`, { error_message: 'late' })).statusCode).toBe(409);

    const other = (await p.post('/api/backend-resource-requests/', { offering: w.offeringId })).json<{
      uuid: string;
    }>();
    const erred = await p.post(`/api/backend-resource-requests/${other.uuid}/set_erred/`, {
      error_message: 'sacctmgr failed',
      error_traceback: 'Traceback',
    });
    expectContractAnswer('POST', `/api/backend-resource-requests/${other.uuid}/set_erred/`, erred);
    expect((await p.get(`/api/backend-resource-requests/${other.uuid}/`)).json()).toMatchObject({
      state: 'Erred',
      error_message: 'sacctmgr failed',
    });
  });

  it('unknown is 404, another provider cannot see it, a bad offering is 400, no token is 401', async () => {
    const w = ctx.world;
    const unknown = `/api/backend-resource-requests/${newHexId()}/`;
    expect((await as(ctx.app, w.providerOwner).get(unknown)).statusCode).toBe(404);
    const mine = (
      await as(ctx.app, w.providerOwner).post('/api/backend-resource-requests/', { offering: w.offeringId })
    ).json<{ uuid: string }>();
    expect(
      (await as(ctx.app, w.otherProviderOwner).get(`/api/backend-resource-requests/${mine.uuid}/`))
        .statusCode,
    ).toBe(404);
    expect(
      (await as(ctx.app, w.providerOwner).post('/api/backend-resource-requests/', { offering: 'nope' }))
        .statusCode,
    ).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: unknown })).statusCode).toBe(401);
  });
});
