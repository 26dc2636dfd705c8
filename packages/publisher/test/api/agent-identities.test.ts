// Site-agent identities, services and processors (docs/protocol.md#agent-identities) with the real broker behind register_event_subscription.
import {
  agentIdentitySchema,
  agentProcessorSchema,
  agentServiceSchema,
  eventSubscriptionSchema,
} from '@waldur-sim/protocol';
import { createManagementClient, type ManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBroker } from '../support/broker.js';
import { as } from './requests.js';
import { BASE_URL, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let mgmt: ManagementClient;
beforeAll(async () => {
  ctx = await startApi();
  mgmt = createManagementClient(testBroker());
});
afterAll(async () => {
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

const I = '/api/marketplace-site-agent-identities/';

async function createIdentity(name = `agent-${ctx.world.offeringId}`) {
  const res = await as(ctx.app, ctx.world.providerOwner).post(I, {
    offering: ctx.world.offeringId,
    name,
    version: '1.0.6',
    last_restarted: '2026-08-20T10:00:00+00:00',
    dependencies: [{ package: 'waldur-api-client', version: '8.0.0' }],
    config_file_path: '',
    config_file_content: '',
  });
  expect(res.statusCode, res.body).toBe(201);
  return agentIdentitySchema.parse(res.json());
}

describe('agent identities', () => {
  it('create / lookup by name / PUT / PATCH 405 / DELETE', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const identity = await createIdentity();
    expect(identity).toMatchObject({
      offering: w.offeringId,
      created_by: w.providerOwner.id,
      version: '1.0.6',
      services: [],
      dependencies: [{ package: 'waldur-api-client', version: '8.0.0' }],
      url: `${BASE_URL}${I}${identity.uuid}/`,
      last_restarted: '2026-08-20T10:00:00.000Z',
    });
    const found = await p.get(`${I}?name=agent-${w.offeringId}`);
    expect(found.json<{ uuid: string }[]>().map((x) => x.uuid)).toEqual([identity.uuid]);
    const put = await p.put(`${I}${identity.uuid}/`, {
      offering: w.offeringId,
      name: identity.name,
      version: '1.0.7',
    });
    expect(put.statusCode).toBe(200);
    expect(agentIdentitySchema.parse(put.json()).version).toBe('1.0.7');
    const move = await p.put(`${I}${identity.uuid}/`, { offering: w.otherOfferingId, name: identity.name });
    expect(move.statusCode).toBe(400);
    expect(move.json()).toEqual({ offering: ['Offering cannot be changed.'] });
    const patch = await p.patch(`${I}${identity.uuid}/`, { version: 'x' });
    expect(patch.statusCode).toBe(405);
    expect(patch.json()).toEqual({ detail: 'Method "PATCH" not allowed.' });
    const throwaway = await createIdentity('throwaway');
    expect((await p.delete(`${I}${throwaway.uuid}/`)).statusCode).toBe(204);
    expect((await p.get(`${I}${throwaway.uuid}/`)).statusCode).toBe(404);
  });

  it('permissions and bad bodies', async () => {
    const w = ctx.world;
    const body = { offering: w.offeringId, name: 'agent-x' };
    expect((await as(ctx.app, w.providerSupport).post(I, body)).statusCode).toBe(403);
    const outsider = await as(ctx.app, w.outsider).post(I, body);
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json()).toEqual({ offering: [`Object with uuid=${w.offeringId} does not exist.`] });
    const bad = await as(ctx.app, w.providerOwner).post(I, { offering: 'xyz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ offering: ['Must be a valid UUID.'], name: ['This field is required.'] });
    const identity = await createIdentity('perm-check');
    expect((await as(ctx.app, w.providerSupport).get(`${I}${identity.uuid}/`)).statusCode).toBe(200);
    expect(
      (await as(ctx.app, w.providerSupport).post(`${I}${identity.uuid}/register_service/`, { name: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(ctx.app, w.outsider).post(`${I}${identity.uuid}/register_service/`, { name: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await as(ctx.app, w.outsider).get(I)).json()).toEqual([]);
  });

  it('register_event_subscription: 201 new, 200 existing (one per user x type), stale RMQ user replaced', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const identity = await createIdentity('agent-subs');
    const url = `${I}${identity.uuid}/register_event_subscription/`;
    const body = {
      observable_object_type: 'order',
      description: 'Event subscription created by the site agent for identity {identity.name}',
    };
    const first = await p.post(url, body);
    expect(first.statusCode).toBe(201);
    const sub = eventSubscriptionSchema.parse(first.json());
    expect(sub).toMatchObject({
      observable_objects: [{ object_type: 'order' }],
      user_uuid: w.providerOwner.id,
      description: body.description,
    });
    expect(await mgmt.getPermissions(w.providerOwner.id, sub.uuid)).toEqual({
      configure: '.*',
      write: '.*',
      read: '.*',
    });

    // Another identity of the same user shares the subscription.
    const other = await createIdentity('agent-subs-2');
    const again = await p.post(`${I}${other.uuid}/register_event_subscription/`, {
      observable_object_type: 'order',
    });
    expect(again.statusCode).toBe(200);
    expect(eventSubscriptionSchema.parse(again.json()).uuid).toBe(sub.uuid);

    const role = await p.post(url, { observable_object_type: 'user_role' });
    expect(role.statusCode).toBe(201);
    expect(eventSubscriptionSchema.parse(role.json()).uuid).not.toBe(sub.uuid);

    // Stale: the RMQ user vanished -> a new subscription (new uuid) replaces it.
    await mgmt.deleteUser(sub.uuid);
    const replaced = await p.post(url, { observable_object_type: 'order' });
    expect(replaced.statusCode).toBe(201);
    const fresh = eventSubscriptionSchema.parse(replaced.json());
    expect(fresh.uuid).not.toBe(sub.uuid);
    expect(await ctx.prisma.eventSubscription.count({ where: { id: sub.uuid } })).toBe(0);

    const bad = await p.post(url, { observable_object_type: 'weather' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ observable_object_type: ['"weather" is not a valid choice.'] });
  });

  it('register_service (201/200), register_processor heartbeat (201/200), set_statistics', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const identity = await createIdentity('agent-services');
    const created = await p.post(`${I}${identity.uuid}/register_service/`, {
      name: 'event_process-order',
      mode: 'event_process',
    });
    expect(created.statusCode).toBe(201);
    const service = agentServiceSchema.parse(created.json());
    expect(service).toMatchObject({
      identity: identity.uuid,
      identity_name: 'agent-services',
      state: 'Active',
      mode: 'event_process',
    });
    const existing = await p.post(`${I}${identity.uuid}/register_service/`, {
      name: 'event_process-order',
      mode: 'event_process',
    });
    expect(existing.statusCode).toBe(200);
    expect(agentServiceSchema.parse(existing.json()).uuid).toBe(service.uuid);
    const nested = agentIdentitySchema.parse((await p.get(`${I}${identity.uuid}/`)).json());
    expect(nested.services.map((s) => s.uuid)).toEqual([service.uuid]);

    const S = '/api/marketplace-site-agent-services/';
    const proc = await p.post(`${S}${service.uuid}/register_processor/`, {
      name: 'OfferingOrderProcessor',
      backend_type: 'slurm.SlurmBackend',
      backend_version: '23.11',
    });
    expect(proc.statusCode).toBe(201);
    const processor = agentProcessorSchema.parse(proc.json());
    expect(processor).toMatchObject({
      service: service.uuid,
      service_name: 'event_process-order',
      backend_type: 'slurm.SlurmBackend',
      backend_version: '23.11',
    });
    expect(processor.last_run).toEqual(expect.any(String));
    const beat = await p.post(`${S}${service.uuid}/register_processor/`, {
      name: 'OfferingOrderProcessor',
      backend_type: 'slurm.SlurmBackend',
    });
    expect(beat.statusCode).toBe(200);
    expect(agentProcessorSchema.parse(beat.json()).uuid).toBe(processor.uuid);
    const badProc = await p.post(`${S}${service.uuid}/register_processor/`, { backend_type: 1 });
    expect(badProc.json()).toEqual({
      name: ['This field is required.'],
      backend_type: ['Not a valid string.'],
    });

    const stats = await p.post(`${S}${service.uuid}/set_statistics/`, { statistics: { processed: 3 } });
    expect(stats.statusCode).toBe(200);
    expect(agentServiceSchema.parse(stats.json()).statistics).toEqual({ processed: 3 });
    expect((await p.post(`${S}${service.uuid}/set_statistics/`, {})).json()).toEqual({
      statistics: ['This field is required.'],
    });
    expect(
      (
        await as(ctx.app, w.providerSupport).post(`${S}${service.uuid}/register_processor/`, {
          name: 'x',
          backend_type: 'y',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as(ctx.app, w.outsider).post(`${S}${service.uuid}/register_processor/`, {
          name: 'x',
          backend_type: 'y',
        })
      ).statusCode,
    ).toBe(404);
    expect(agentServiceSchema.parse((await p.get(`${S}${service.uuid}/`)).json()).uuid).toBe(service.uuid);
  });

  it('periodic limits command results are accepted from the provider only', async () => {
    const w = ctx.world;
    const policy = await ctx.prisma.slurmPeriodicUsagePolicy.upsert({
      where: { offeringId: w.offeringId },
      create: { id: 'c'.repeat(32), offeringId: w.offeringId },
      update: {},
    });
    const url = `/api/marketplace-slurm-periodic-usage-policies/${policy.id}/report-command-result/`;
    const body = {
      resource_uuid: w.resourceId,
      success: true,
      error_message: '',
      commands_executed: ['sacctmgr modify account x set fairshare=10'],
    };
    expect((await as(ctx.app, w.providerOwner).post(url, body)).statusCode).toBe(200);
    expect((await as(ctx.app, w.providerSupport).post(url, body)).statusCode).toBe(403);
    const bad = await as(ctx.app, w.providerOwner).post(url, { resource_uuid: w.resourceId });
    expect(bad.json()).toEqual({ success: ['This field is required.'] });
    // A policy the caller cannot see is a 404; a resource outside the policy's offering a 400.
    expect((await as(ctx.app, w.outsider).post(url, body)).statusCode).toBe(404);
    const other = await as(ctx.app, w.providerOwner).post(url, { ...body, resource_uuid: 'd'.repeat(32) });
    expect(other.json()).toEqual({ resource_uuid: ['Resource not found.'] });
    const stored = await ctx.prisma.slurmCommandResult.findMany({ where: { policyId: policy.id } });
    expect(stored.map((r) => [r.resourceId, r.success, r.mode, r.commandsExecuted])).toEqual([
      [w.resourceId, true, 'production', body.commands_executed],
    ]);
  });
});
