// SLURM periodic usage policies on a fake clock (real PostgreSQL): who may create and change one, the
// resource_periodic_limits messages each save writes to the outbox (legacy queue, and the unified consumer of
// another user), the periodic sync that only repeats itself when the content changes (a new period does), and
// the stored command results (docs/protocol.md#resource_periodic_limits).
import { parseMessage } from '@waldur-sim/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncPeriodicLimits } from '../../src/periodic/periodic-limits.js';
import { newHexId } from '../../src/services.js';
import { expectContractAnswer } from '../api/contract-answer.js';
import { as } from '../api/requests.js';
import { startApi, type ApiContext } from '../api/api-world.js';

const BASE = '/api/marketplace-slurm-periodic-usage-policies/';
let now = new Date('2026-03-31T23:50:00.250Z');
const clock = (): Date => now;
let ctx: ApiContext;

beforeAll(async () => {
  ctx = await startApi({ clock });
  const w = ctx.world;
  const type = 'resource_periodic_limits';
  // Legacy: the provider owner's subscription with a periodic-limits queue for the offering.
  await ctx.prisma.eventSubscription.create({
    data: {
      id: newHexId(),
      user: { connect: { id: w.providerOwner.id } },
      observableObjects: [{ object_type: type }],
      queues: { create: [{ id: newHexId(), offering: { connect: { id: w.offeringId } }, objectType: type }] },
    },
  });
  // Unified: a staff user's global consumer of the same type.
  await ctx.prisma.eventConsumer.create({
    data: {
      id: newHexId(),
      userId: w.staff.id,
      rmqUsername: newHexId(),
      objectTypes: ['resource_periodic_limits'],
      queueCreated: true,
    },
  });
  // Usage of the previous month: 4 of the 10 cpu hours.
  await ctx.prisma.componentUsage.create({
    data: {
      id: newHexId(),
      resourceId: w.resourceId,
      type: 'cpu',
      amount: '4',
      billingPeriod: new Date('2026-02-01T00:00:00Z'),
      date: new Date('2026-02-15T00:00:00Z'),
    },
  });
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.prisma.outboxMessage.deleteMany();
});

async function messages() {
  const rows = await ctx.prisma.outboxMessage.findMany({
    where: { objectType: 'resource_periodic_limits' },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ queue: r.queue, body: JSON.parse(r.body) as Record<string, unknown> }));
}

describe('SLURM periodic usage policies', () => {
  let policyId = '';

  it('only staff and the offering owner create one, once per offering; bad input is a 400', async () => {
    const w = ctx.world;
    const body = {
      scope: w.offeringId,
      actions: 'notify_organization_owners',
      component_limits_set: [{ type: 'cpu', limit: 10 }],
    };
    expect((await as(ctx.app, w.projectAdmin).post(BASE, body)).statusCode).toBe(400); // offering not visible
    expect((await as(ctx.app, w.providerSupport).post(BASE, body)).statusCode).toBe(403);
    const bad = await as(ctx.app, w.providerOwner).post(BASE, {
      ...body,
      period: 9,
      component_limits_set: [{ type: 'gpu', limit: 1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json<Record<string, unknown>>())).toEqual(['period']);
    const unknownComponent = await as(ctx.app, w.providerOwner).post(BASE, {
      ...body,
      component_limits_set: [{ type: 'gpu', limit: 1 }],
    });
    expect(unknownComponent.json()).toEqual({
      component_limits_set: ['The selected component does not match the offering.'],
    });

    const created = await as(ctx.app, w.providerOwner).post(BASE, body);
    expect(created.statusCode, created.body).toBe(201);
    const policy = created.json<Record<string, unknown>>();
    policyId = policy.uuid as string;
    expect(policy).toMatchObject({
      scope_uuid: w.offeringId,
      period: 2,
      period_name: '1 month',
      limit_type: 'GrpTRESMins',
      affected_resources_count: 1,
      component_limits_set: [{ type: 'cpu', limit: 10 }],
    });
    const again = await as(ctx.app, w.providerOwner).post(BASE, body);
    expect(again.json()).toEqual({
      non_field_errors: ['A SLURM Periodic Usage Policy already exists for this offering.'],
    });

    const listed = await as(ctx.app, w.providerOwner).get(`${BASE}?scope_uuid=${w.offeringId}`);
    expect((expectContractAnswer('GET', BASE, listed) as { uuid: string }[]).map((p) => p.uuid)).toEqual([
      policyId,
    ]);
    expect((await as(ctx.app, w.outsider).get(BASE)).json()).toEqual([]);
  });

  it('a save sends the settings of every resource, to the legacy queue and the unified consumer', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).patch(`${BASE}${policyId}/`, { grace_ratio: 0.5 });
    expect(res.statusCode, res.body).toBe(200);
    const sent = await messages();
    expect(sent.map((m) => m.queue.split('_')[0]).sort()).toEqual(['consumer', 'subscription']);
    const legacy = sent.find((m) => m.queue.startsWith('subscription_'))?.body ?? {};
    const parsed = parseMessage('resource_periodic_limits', JSON.stringify(legacy));
    expect(parsed.ok).toBe(true);
    expect(Object.keys(legacy).join(' ')).toBe(
      'resource_uuid backend_id offering_uuid policy_uuid action settings timestamp',
    );
    // limits cpu 10 + carryover min(10-4, 5) = 15 h, mem 20 + 10 = 30 h; grace 1.5.
    expect(legacy).toMatchObject({
      resource_uuid: w.resourceId,
      offering_uuid: w.offeringId,
      policy_uuid: policyId,
      action: 'apply_periodic_settings',
      timestamp: '2026-03-31T23:50:00.250000',
      settings: {
        fairshare: 15,
        limit_type: 'GrpTRESMins',
        reset_raw_usage: false, // the create already sent this period's reset
        grp_tres_mins: { cpu: 1350, mem: 2700, billing: 25 },
      },
    });
    const unified = sent.find((m) => m.queue.startsWith('consumer_'))?.body ?? {};
    expect(unified).toMatchObject({ object_type: 'resource_periodic_limits', policy_uuid: policyId });
  });

  it('the periodic sync repeats nothing within a period and resets raw usage at the next one', async () => {
    const deps = { prisma: ctx.prisma, clock };
    now = new Date('2026-03-31T23:59:00Z');
    expect(await syncPeriodicLimits(deps)).toBe(0);
    now = new Date('2026-04-01T00:09:00Z');
    expect(await syncPeriodicLimits(deps)).toBe(2);
    const [first] = await messages();
    expect(first?.body.settings).toMatchObject({
      reset_raw_usage: true,
      carryover_details: { previous_period: '2026-03' },
      grp_tres_mins: { cpu: 1350, mem: 2700 }, // no usage in March: cpu 10 + cap 5, times grace
    });
    expect(await syncPeriodicLimits(deps)).toBe(2); // reset_raw_usage is false now: content changed once
    expect(await syncPeriodicLimits(deps)).toBe(0);
  });

  it('two concurrent creates for one offering: one 201, one 400', async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.otherProviderOwner);
    const statuses = await Promise.all(
      [1, 2].map(async () => (await owner.post(BASE, { scope: w.otherOfferingId })).statusCode),
    );
    expect(statuses.sort()).toEqual([201, 400]);
  });

  it('stores command results and lists them; outsiders see no policy', async () => {
    const w = ctx.world;
    const url = `${BASE}${policyId}/report-command-result/`;
    const report = {
      resource_uuid: w.resourceId,
      success: false,
      error_message: 'boom',
      mode: 'production',
      commands_executed: ['sacctmgr x'],
    };
    expect((await as(ctx.app, w.providerOwner).post(url, report)).statusCode).toBe(200);
    expect((await as(ctx.app, w.providerOwner).post(url, { ...report, mode: 'other' })).statusCode).toBe(400);
    const list = await as(ctx.app, w.staff).get(
      `${BASE}${policyId}/command-results/?resource_uuid=${w.resourceId}`,
    );
    expect(list.json()).toMatchObject([
      {
        resource_uuid: w.resourceId,
        success: false,
        error_message: 'boom',
        commands_executed: ['sacctmgr x'],
      },
    ]);
    expect((await as(ctx.app, w.outsider).get(`${BASE}${policyId}/`)).statusCode).toBe(404);
    expect((await as(ctx.app, w.providerSupport).delete(`${BASE}${policyId}/`)).statusCode).toBe(403);
    expect((await as(ctx.app, w.providerOwner).delete(`${BASE}${policyId}/`)).statusCode).toBe(204);
  });
});
