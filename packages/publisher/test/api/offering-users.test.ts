// Offering users: list with the agent's filters, PATCH username (username_set + update events), state actions
// (409 on invalid source), permissions and bad bodies.
import { offeringUserSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OFFERING_USER_ACTIONS,
  OFFERING_USER_TRANSITIONS,
} from '../../src/domain/offering-user-state-machine.js';
import { registerQueue } from '../support/world.js';
import { as } from './requests.js';
import { startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let queue: { subscriptionQueueId: string };

beforeAll(async () => {
  ctx = await startApi();
  queue = await registerQueue(ctx.prisma, ctx.world.providerOwner.id, ctx.world.offeringId, 'offering_user');
});
afterAll(async () => ctx.close());

const OU = '/api/marketplace-offering-users/';

describe('offering users', () => {
  it('lists with offering_uuid, is_restricted=false, user_uuid and state filters', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const res = await p.get(
      `${OU}?offering_uuid=${w.offeringId}&is_restricted=false&user_uuid=${w.projectAdmin.id}`,
    );
    expect(res.statusCode).toBe(200);
    const rows = res.json<unknown[]>().map((r) => offeringUserSchema.parse(r));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      uuid: w.offeringUserId,
      user_uuid: w.projectAdmin.id,
      offering_uuid: w.offeringId,
      state: 'Requested',
      username: null,
    });
    expect((await p.get(`${OU}?offering_uuid=${w.offeringId}&state=OK`)).json()).toEqual([]);
    expect((await p.get(`${OU}?is_restricted=maybe`)).statusCode).toBe(400);
    // The user sees their own offering user; unrelated users see none.
    expect((await as(ctx.app, w.projectAdmin).get(OU)).json()).toHaveLength(1);
    expect((await as(ctx.app, w.outsider).get(OU)).json()).toEqual([]);
    expect((await as(ctx.app, w.outsider).get(`${OU}${w.offeringUserId}/`)).statusCode).toBe(404);
  });

  it('PATCH username emits username_set and update events in one transaction', async () => {
    const w = ctx.world;
    const res = await as(ctx.app, w.providerOwner).patch(`${OU}${w.offeringUserId}/`, { username: 'padmin' });
    expect(res.statusCode).toBe(200);
    expect(offeringUserSchema.parse(res.json()).username).toBe('padmin');
    const bodies = (
      await ctx.prisma.outboxMessage.findMany({
        where: { subscriptionQueueId: queue.subscriptionQueueId },
        orderBy: { id: 'asc' },
      })
    ).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.action)).toEqual(['username_set', 'update']);
    expect(bodies[0]).toMatchObject({
      offering_user_uuid: w.offeringUserId,
      user_uuid: w.projectAdmin.id,
      username: 'padmin',
      offering_uuid: w.offeringId,
    });
    // Same username again: nothing changes, no event.
    await as(ctx.app, w.providerOwner).patch(`${OU}${w.offeringUserId}/`, { username: 'padmin' });
    expect(
      await ctx.prisma.outboxMessage.count({ where: { subscriptionQueueId: queue.subscriptionQueueId } }),
    ).toBe(2);
  });

  it('PATCH: bad body 400, support 403, the user itself 403', async () => {
    const w = ctx.world;
    const bad = await as(ctx.app, w.providerOwner).patch(`${OU}${w.offeringUserId}/`, { username: 7 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ username: ['Not a valid string.'] });
    expect(
      (await as(ctx.app, w.providerSupport).patch(`${OU}${w.offeringUserId}/`, { username: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await as(ctx.app, w.projectAdmin).patch(`${OU}${w.offeringUserId}/`, { username: 'x' })).statusCode,
    ).toBe(403);
  });

  it('state actions follow the offering-user state machine; every invalid source is a 409', async () => {
    const w = ctx.world;
    const p = as(ctx.app, w.providerOwner);
    const url = (a: string) => `${OU}${w.offeringUserId}/${a}/`;
    await ctx.prisma.offeringUser.update({ where: { id: w.offeringUserId }, data: { state: 'Requested' } });
    expect((await p.post(url('begin_creating'))).statusCode).toBe(200);
    const pending = await p.post(url('set_pending_account_linking'), {
      comment: 'link your account',
      comment_url: 'https://idp.example/link',
    });
    expect(pending.statusCode).toBe(200);
    const ou = offeringUserSchema.parse((await p.get(`${OU}${w.offeringUserId}/`)).json());
    expect(ou).toMatchObject({
      state: 'Pending account linking',
      service_provider_comment: 'link your account',
      service_provider_comment_url: 'https://idp.example/link',
    });
    expect((await p.post(url('set_validation_complete'))).statusCode).toBe(200);
    expect((await ctx.prisma.offeringUser.findUniqueOrThrow({ where: { id: w.offeringUserId } })).state).toBe(
      'OK',
    );

    const states = [
      'Requested',
      'Creating',
      'Pending account linking',
      'Pending additional validation',
      'OK',
      'Requested deletion',
      'Deleting',
      'Deleted',
      'Error creating',
      'Error deleting',
    ];
    let checked = 0;
    for (const action of OFFERING_USER_ACTIONS) {
      for (const from of states.filter(
        (s) => !(OFFERING_USER_TRANSITIONS[action].from as readonly string[]).includes(s),
      )) {
        await ctx.prisma.offeringUser.update({ where: { id: w.offeringUserId }, data: { state: from } });
        const res = await p.post(url(action));
        expect({ action, from, status: res.statusCode, body: res.json() }).toEqual({
          action,
          from,
          status: 409,
          body: {
            detail: `Valid states for operation: ${OFFERING_USER_TRANSITIONS[action].from.join(', ')}.`,
          },
        });
        expect(
          (await ctx.prisma.offeringUser.findUniqueOrThrow({ where: { id: w.offeringUserId } })).state,
        ).toBe(from);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('state actions: support 403, bad comment 400', async () => {
    const w = ctx.world;
    await ctx.prisma.offeringUser.update({ where: { id: w.offeringUserId }, data: { state: 'Requested' } });
    expect(
      (await as(ctx.app, w.providerSupport).post(`${OU}${w.offeringUserId}/begin_creating/`)).statusCode,
    ).toBe(403);
    const bad = await as(ctx.app, w.providerOwner).post(
      `${OU}${w.offeringUserId}/set_pending_additional_validation/`,
      { comment: ['x'] },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ comment: ['Not a valid string.'] });
  });
});
