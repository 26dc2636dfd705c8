import { parseMessage, type ObservableObjectType } from '@waldur-sim/protocol';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/backend.js';
import type { HandlerContext } from '../stomp/delivery-processor.js';
import { FakeBackend } from '../testing/fake-backend.js';
import { makeCourseAccount, makeServiceAccount } from '../testing/fake-accounts.js';
import {
  FakeWaldur,
  OFFERING_UUID,
  makeOfferingUser,
  makeOrder,
  makeResource,
} from '../testing/fake-waldur.js';
import { testRig } from '../testing/test-context.js';
import { createHandlerTable, handlerFor } from './handler-table.js';
import { IGNORED_ORDER_STATES } from './order-handler.js';

const USER = 'e'.repeat(32);
const PROJECT = 'b'.repeat(32);

function setup(withBackend = true) {
  const waldur = new FakeWaldur();
  const backend = new FakeBackend();
  const rig = testRig(waldur, withBackend ? backend : null);
  const table = createHandlerTable({ ctx: rig.ctx, orders: rig.orders, membership: rig.membership });
  /** Runs a raw JSON payload through the protocol parser and the handler, as the consumer does. */
  const deliver = async (
    objectType: ObservableObjectType,
    payload: Record<string, unknown>,
  ): Promise<void> => {
    const parsed = parseMessage(objectType, JSON.stringify(payload));
    if (!parsed.ok) throw parsed.error;
    const ctx: HandlerContext = { objectType, headers: {}, previousFailures: 0 };
    await handlerFor(table, objectType)(parsed.value, ctx);
  };
  return { waldur, backend, deliver, ...rig };
}

describe('order handler (docs/protocol.md#order)', () => {
  it.each([...IGNORED_ORDER_STATES])('drops state %s without any REST call', async (state) => {
    const { waldur, backend, deliver } = setup();
    await deliver('order', { order_uuid: 'a'.repeat(32), order_state: state, offering_uuid: OFFERING_UUID });
    expect(waldur.calls).toEqual([]);
    expect(backend.calls).toEqual([]);
  });

  it('ignores provider_info_set notifications', async () => {
    const { waldur, deliver } = setup();
    await deliver('order', { order_uuid: 'a'.repeat(32), action: 'provider_info_set' });
    expect(waldur.calls).toEqual([]);
  });

  it('processes pending-provider and executing orders from the REST state, not the message', async () => {
    const { waldur, backend, deliver } = setup();
    const resource = waldur.addResource(makeResource({ state: 'Creating' }));
    const order = waldur.addOrder(makeOrder(resource));
    // The message says executing, Waldur says pending-provider: the agent approves (REST is the truth).
    await deliver('order', {
      order_uuid: order.uuid,
      order_state: 'executing',
      offering_uuid: OFFERING_UUID,
    });
    expect(waldur.callsOf('approveOrder')).toHaveLength(1);
    expect(waldur.orders.get(order.uuid)?.state).toBe('done');
    expect(backend.accounts.size).toBe(1);
  });

  it('without an order backend the message is acknowledged and ignored', async () => {
    const { waldur, deliver } = setup(false);
    await deliver('order', { order_uuid: 'a'.repeat(32), order_state: 'pending-provider' });
    expect(waldur.calls).toEqual([]);
  });
});

describe('user_role handler (docs/protocol.md#user_role)', () => {
  function roleWorld() {
    const s = setup();
    const r = s.waldur.addResource(makeResource({ backend_id: 'hpc_a' }));
    s.backend.accounts.set('hpc_a', { limits: {}, users: new Set(['stale']), qos: 'normal' });
    s.waldur.offeringUsers = [makeOfferingUser(USER, 'alice')];
    s.waldur.setTeam(r.uuid, ['bob']);
    return { ...s, r };
  }

  const base = {
    user_uuid: USER,
    user_username: 'alice@x',
    project_uuid: PROJECT,
    project_name: 'P',
    role_name: 'PROJECT.MEMBER',
  };

  it('grant and revoke, as the resource team in Waldur says', async () => {
    const { waldur, backend, deliver, r } = roleWorld();
    waldur.setTeam(r.uuid, ['bob', 'alice']);
    await deliver('user_role', { ...base, granted: true });
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(true);
    waldur.setTeam(r.uuid, ['bob']);
    await deliver('user_role', { ...base, granted: false });
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(false);
  });

  it('a forged grant for a user without a role, or a revoke for a member, changes nothing', async () => {
    const { waldur, backend, deliver, r } = roleWorld();
    await deliver('user_role', { ...base, granted: true }); // alice is not in the team
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(false);
    waldur.setTeam(r.uuid, ['bob', 'alice']);
    backend.accounts.get('hpc_a')?.users.add('alice');
    await deliver('user_role', { ...base, granted: false }); // alice still is
    expect(backend.accounts.get('hpc_a')?.users.has('alice')).toBe(true);
    expect(backend.count('addUser') + backend.count('removeUser')).toBe(0);
  });

  it('project-wide sync (no user_uuid)', async () => {
    const { backend, deliver } = roleWorld();
    await deliver('user_role', { project_uuid: PROJECT, project_name: 'P' });
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])]).toEqual(['bob']);
  });

  it('resource-scoped sync (resource_uuid)', async () => {
    const { waldur, backend, deliver, r } = roleWorld();
    await deliver('user_role', { project_uuid: PROJECT, project_name: 'P', resource_uuid: r.uuid });
    expect(waldur.callsOf('getResource')[0]?.args).toEqual([r.uuid]);
    expect([...(backend.accounts.get('hpc_a')?.users ?? [])]).toEqual(['bob']);
  });
});

describe('resource, account and offering_user handlers', () => {
  it('resource message triggers a full resync of that resource', async () => {
    const { waldur, backend, deliver } = setup();
    const r = waldur.addResource(makeResource({ backend_id: 'hpc_a', paused: true }));
    backend.accounts.set('hpc_a', { limits: {}, users: new Set(), qos: 'normal' });
    await deliver('resource', {
      resource_uuid: r.uuid,
      resource_backend_id: 'hpc_a',
      downscaled: false,
      restrict_member_access: false,
      paused: true,
      sequence_number: 3,
    });
    expect(backend.accounts.get('hpc_a')?.qos).toBe('paused');
  });

  it.each(['service_account', 'course_account'] as const)('%s create/delete', async (type) => {
    const { waldur, backend, deliver } = setup();
    waldur.addResource(makeResource({ backend_id: 'hpc_a' }));
    backend.accounts.set('hpc_a', { limits: {}, users: new Set(), qos: 'normal' });
    if (type === 'service_account') waldur.serviceAccounts = [makeServiceAccount(PROJECT, 'svc')];
    else waldur.courseAccounts = [makeCourseAccount(PROJECT, 'svc')];
    const base = {
      account_uuid: 'd'.repeat(32),
      account_username: 'svc',
      scope_type: 'project',
      project_uuid: PROJECT,
      project_name: 'P',
    };
    await deliver(type, { ...base, action: 'create' });
    expect(backend.accounts.get('hpc_a')?.users.has('svc')).toBe(true);
    await deliver(type, { ...base, action: 'delete' });
    expect(backend.accounts.get('hpc_a')?.users.has('svc')).toBe(false);
  });

  it('offering_user username_set adds the association; update/delete only log', async () => {
    const { waldur, backend, deliver } = setup();
    waldur.addResource(makeResource({ backend_id: 'hpc_a' }));
    backend.accounts.set('hpc_a', { limits: {}, users: new Set(), qos: 'normal' });
    await deliver('offering_user', {
      offering_user_uuid: 'd'.repeat(32),
      user_uuid: USER,
      username: 'dave',
      state: 2,
      action: 'username_set',
      resource_backend_ids: ['hpc_a'],
    });
    expect(backend.accounts.get('hpc_a')?.users.has('dave')).toBe(true);
    const writes = backend.calls.length;
    await deliver('offering_user', {
      offering_user_uuid: 'd'.repeat(32),
      user_uuid: USER,
      username: 'dave',
      action: 'delete',
    });
    expect(backend.calls.length).toBe(writes);
  });
});

describe('offering_resources_sync handler (docs/protocol.md#offering_resources_sync)', () => {
  it('runs membership (re-creating missing accounts) and then orders; a membership failure does not skip orders', async () => {
    const { waldur, backend, deliver } = setup();
    const r = waldur.addResource(makeResource({ backend_id: 'hpc_a', slug: 'a' }));
    const r2 = waldur.addResource(makeResource({ state: 'Creating', slug: 'new' }));
    const order = waldur.addOrder(makeOrder(r2));
    backend.failOnce('syncResourceProject');
    await expect(
      deliver('offering_resources_sync', { requested_by_user_uuid: USER, offering_uuid: OFFERING_UUID }),
    ).rejects.toThrow();
    expect(backend.count('createResourceWithId')).toBeGreaterThanOrEqual(1);
    expect(waldur.orders.get(order.uuid)?.state).toBe('done');
    expect(waldur.callsOf('setResourceErred')[0]?.args[0]).toBe(r.uuid);
    // A retry of the request now succeeds.
    await deliver('offering_resources_sync', { requested_by_user_uuid: USER, offering_uuid: OFFERING_UUID });
  });
});

describe('resource_periodic_limits handler (docs/protocol.md#resource_periodic_limits)', () => {
  const message = {
    resource_uuid: 'a'.repeat(32),
    backend_id: 'hpc_a',
    offering_uuid: OFFERING_UUID,
    policy_uuid: '9'.repeat(32),
    action: 'apply_periodic_settings',
    settings: { fairshare: 100 },
    timestamp: '2026-01-01T00:00:00',
  };

  it('applies the settings and reports the result', async () => {
    const { waldur, backend, deliver } = setup();
    await deliver('resource_periodic_limits', message);
    expect(backend.calls.find((c) => c.method === 'applyPeriodicSettings')?.args).toEqual([
      'hpc_a',
      { fairshare: 100 },
    ]);
    expect(waldur.callsOf('reportPeriodicCommandResult')[0]?.args).toEqual([
      '9'.repeat(32),
      {
        resource_uuid: 'a'.repeat(32),
        success: true,
        error_message: '',
        commands_executed: ['sacctmgr modify'],
      },
    ]);
  });

  it('reports a failure too, with the error message', async () => {
    const { waldur, backend, deliver } = setup();
    backend.failOnce('applyPeriodicSettings', new BackendError('sacctmgr exploded'));
    await deliver('resource_periodic_limits', message);
    expect(waldur.callsOf('reportPeriodicCommandResult')[0]?.args[1]).toEqual({
      resource_uuid: 'a'.repeat(32),
      success: false,
      error_message: 'sacctmgr exploded',
      commands_executed: [],
    });
  });

  it('reports failure for a missing backend_id', async () => {
    const { waldur, backend, deliver } = setup();
    await deliver('resource_periodic_limits', { ...message, backend_id: '' });
    expect(backend.count('applyPeriodicSettings')).toBe(0);
    expect(waldur.callsOf('reportPeriodicCommandResult')[0]?.args[1]).toMatchObject({
      success: false,
      error_message: 'Missing backend_id in periodic limits message',
    });
  });
});

describe('importable_resources and resource_api_key_rotation', () => {
  it('errs an import request with a clear reason', async () => {
    const { waldur, deliver } = setup();
    await deliver('importable_resources', { backend_resource_request_uuid: 'c'.repeat(32) });
    expect(waldur.calls.map((c) => c.method)).toEqual([
      'startBackendResourceRequest',
      'setBackendResourceRequestErred',
    ]);
    expect(waldur.callsOf('setBackendResourceRequestErred')[0]?.args[1]).toMatchObject({
      error_message: 'Resource import is not supported by the slurm backend of this agent',
    });
  });

  it('acknowledges API key rotation without doing anything (not supported by SLURM)', async () => {
    const { waldur, backend, deliver } = setup();
    await deliver('resource_api_key_rotation', {
      action: 'rotate',
      resource_uuid: 'a'.repeat(32),
      resource_backend_id: 'hpc_a',
      api_key_uuid: 'b'.repeat(32),
      client_id: 'c1',
    });
    expect(waldur.calls).toEqual([]);
    expect(backend.calls).toEqual([]);
  });
});
