import { describe, expect, it } from 'vitest';
import {
  BackendError,
  BackendNotReadyError,
  BackendUnavailableError,
  type CreateResourceContext,
  type CreatedResource,
  type ResourceSpec,
} from '../backend/backend.js';
import { makeCourseAccount, makeServiceAccount } from '../testing/fake-accounts.js';
import { FakeBackend } from '../testing/fake-backend.js';
import { FakeWaldur, makeOrder, makeResource } from '../testing/fake-waldur.js';
import { testRig } from '../testing/test-context.js';
import { WaldurApiError, WaldurTransportError } from '../waldur/waldur-errors.js';

function world(
  orderOverrides: Parameters<typeof makeOrder>[1] = {},
  resourceOverrides: Parameters<typeof makeResource>[0] = {},
) {
  const waldur = new FakeWaldur();
  const backend = new FakeBackend();
  const resource = waldur.addResource(makeResource({ state: 'Creating', ...resourceOverrides }));
  const order = waldur.addOrder(makeOrder(resource, orderOverrides));
  waldur.setTeam(resource.uuid, ['alice', null, 'bob']);
  const rig = testRig(waldur, backend);
  return { waldur, backend, resource, order, ...rig };
}

const writes = (w: FakeWaldur): string[] =>
  w.calls.map((c) => c.method).filter((m) => !m.startsWith('get') && !m.startsWith('list'));

describe('OrderProcessor: create', () => {
  it('approves, creates once, reports backend id and limits, then marks the order done and adds the team', async () => {
    const { waldur, backend, resource, order, orders } = world();
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect(writes(waldur)).toEqual([
      'approveOrder',
      'setResourceBackendId',
      'setResourceLimits',
      'setOrderDone',
    ]);
    expect(waldur.callsOf('setResourceBackendId')[0]?.args).toEqual([resource.uuid, 'hpc_alloc']);
    expect(waldur.callsOf('setResourceLimits')[0]?.args).toEqual([resource.uuid, { cpu: 100 }]);
    expect(backend.count('createResource')).toBe(1);
    expect(waldur.orders.get(order.uuid)?.state).toBe('done');
    expect(waldur.resources.get(resource.uuid)?.state).toBe('OK');
    expect([...(backend.accounts.get('hpc_alloc')?.users ?? [])].sort()).toEqual(['alice', 'bob']);
    const ctx = backend.calls.find((c) => c.method === 'createResource')?.args[1] as CreateResourceContext;
    expect(ctx.usernames).toEqual(['alice', 'bob']);
  });

  it("after done, the project's OK service and course accounts join the allocation (best effort)", async () => {
    const { waldur, backend, resource, order, orders } = world();
    waldur.serviceAccounts = [
      makeServiceAccount(resource.project_uuid, 'svc-ci'),
      makeServiceAccount(resource.project_uuid, 'svc-old', 'Closed'),
      makeServiceAccount('f'.repeat(32), 'svc-other'),
    ];
    waldur.courseAccounts = [makeCourseAccount(resource.project_uuid, 'student1')];
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect([...(backend.accounts.get('hpc_alloc')?.users ?? [])].sort()).toEqual([
      'alice',
      'bob',
      'student1',
      'svc-ci',
    ]);
  });

  it('a failing account listing does not fail the order', async () => {
    const { waldur, backend, order, orders } = world();
    waldur.failOnce('listProjectServiceAccounts', new Error('listing down'));
    waldur.failOnce('listCourseAccounts', new Error('listing down'));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect([...(backend.accounts.get('hpc_alloc')?.users ?? [])].sort()).toEqual(['alice', 'bob']);
  });

  it('an order of another offering (a forged trigger) is skipped without any write or backend call', async () => {
    const { waldur, backend, order, orders } = world({ offering_uuid: '9'.repeat(32) });
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('skipped');
    expect(writes(waldur)).toEqual([]);
    expect(backend.calls).toEqual([]);
  });

  it('a redelivered or repeated trigger has no second effect', async () => {
    const { waldur, backend, order, orders } = world();
    await orders.processOrderByUuid(order.uuid);
    const before = writes(waldur).length;
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('skipped');
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('skipped');
    expect(writes(waldur)).toHaveLength(before);
    expect(backend.count('createResource')).toBe(1);
  });

  it('concurrent triggers for one order create exactly one backend resource', async () => {
    const { backend, order, orders } = world();
    const results = await Promise.all([
      orders.processOrderByUuid(order.uuid),
      orders.processOrderByUuid(order.uuid),
      orders.processOrderByUuid(order.uuid),
    ]);
    expect(results.sort()).toEqual(['done', 'skipped', 'skipped']);
    expect(backend.count('createResource')).toBe(1);
    expect(backend.accounts.size).toBe(1);
  });

  it('does not re-create when the resource already has a backend id that exists (crash after set_backend_id)', async () => {
    const { waldur, backend, order, orders } = world({ state: 'executing' }, { backend_id: 'hpc_alloc' });
    backend.accounts.set('hpc_alloc', { limits: { cpu: 100 }, users: new Set(), qos: 'normal' });
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect(backend.count('createResource')).toBe(0);
    expect(backend.count('createResourceWithId')).toBe(0);
    expect(writes(waldur)).toEqual(['setOrderDone']);
  });

  it('re-creates a missing account with its known backend id (Restore)', async () => {
    const { backend, order, orders } = world(
      { state: 'executing', type: 'Restore' },
      { backend_id: 'hpc_old' },
    );
    await orders.processOrderByUuid(order.uuid);
    expect(backend.calls.filter((c) => c.method === 'createResourceWithId').map((c) => c.args[1])).toEqual([
      'hpc_old',
    ]);
    expect(backend.accounts.has('hpc_old')).toBe(true);
  });

  it('rejects when the backend says so and touches nothing else', async () => {
    const { waldur, backend, order, orders } = world();
    backend.decision = 'reject';
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('rejected');
    expect(writes(waldur)).toEqual(['rejectOrder']);
    expect(backend.count('createResource')).toBe(0);
  });

  it('leaves an order pending when the backend decides pending', async () => {
    const { waldur, backend, order, orders } = world();
    backend.decision = 'pending';
    await orders.processOrderByUuid(order.uuid);
    expect(writes(waldur)).toEqual([]);
  });

  it('continues when approval races with another approver (4xx, order already executing)', async () => {
    const { waldur, order, orders } = world();
    waldur.failOnce('approveOrder', new WaldurApiError('POST', 'x', 400, { detail: 'already' }));
    waldur.orders.set(order.uuid, { ...order, state: 'pending-provider' });
    // The concurrent approver moved it to executing right after our read.
    const original = waldur.approveOrder.bind(waldur);
    waldur.approveOrder = async (uuid: string) => {
      waldur.orders.set(uuid, { ...order, state: 'executing' });
      return original(uuid);
    };
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
  });

  it('does not mark done an order that stopped executing meanwhile', async () => {
    const { waldur, backend, order, orders } = world();
    const create = backend.createResource.bind(backend);
    backend.createResource = async (
      spec: ResourceSpec,
      ctx: CreateResourceContext,
    ): Promise<CreatedResource> => {
      const o = waldur.orders.get(order.uuid);
      if (o !== undefined) waldur.orders.set(order.uuid, { ...o, state: 'canceled' });
      return create(spec, ctx);
    };
    await orders.processOrderByUuid(order.uuid);
    expect(writes(waldur)).not.toContain('setOrderDone');
  });
});

describe('OrderProcessor: failures', () => {
  it('errs the order with message and traceback when the backend fails after provisioning started', async () => {
    const { waldur, backend, order, orders } = world();
    backend.failOnce('createResource', new BackendError('sacctmgr: Nothing added'));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('erred');
    const details = waldur.callsOf('setOrderErred')[0]?.args[1] as {
      error_message: string;
      error_traceback: string;
    };
    expect(details.error_message).toBe('sacctmgr: Nothing added');
    expect(details.error_traceback).toContain('BackendError');
    expect(waldur.orders.get(order.uuid)?.state).toBe('erred');
  });

  it('hides non-backend error details when expose_backend_error_details is false', async () => {
    const waldur = new FakeWaldur();
    const backend = new FakeBackend();
    const resource = waldur.addResource(makeResource());
    const order = waldur.addOrder(makeOrder(resource, { state: 'executing' }));
    const { orders } = testRig(waldur, backend, { exposeBackendErrorDetails: false });
    backend.failOnce('createResource', new TypeError('internal detail'));
    await orders.processOrderByUuid(order.uuid);
    expect(waldur.callsOf('setOrderErred')[0]?.args[1]).toEqual({
      error_message: 'Processing failed in the site agent; see its logs for details',
      error_traceback: '',
    });
  });

  it('leaves the order untouched when the backend is not ready', async () => {
    const { waldur, backend, order, orders } = world({ state: 'executing' });
    backend.failOnce('createResource', new BackendNotReadyError('still provisioning'));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('not-ready');
    expect(writes(waldur)).toEqual([]);
  });

  it('retries transient Waldur errors without erring the order', async () => {
    const { waldur, order, orders, sleeps } = world();
    waldur.failOnce('getOrder', new WaldurTransportError('GET', 'x', new Error('ECONNRESET')));
    waldur.failOnce('setResourceBackendId', new WaldurApiError('POST', 'x', 503, {}));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect(sleeps).toEqual([5, 5]);
    expect(waldur.callsOf('setOrderErred')).toHaveLength(0);
  });

  it('rethrows a persisting transient error (the message is retried later) and never errs the order', async () => {
    const { waldur, order, orders } = world();
    for (let i = 0; i < 3; i += 1) waldur.failOnce('getOrder', new WaldurApiError('GET', 'x', 502, {}));
    await expect(orders.processOrderByUuid(order.uuid)).rejects.toMatchObject({ status: 502 });
    expect(waldur.callsOf('setOrderErred')).toHaveLength(0);
  });

  it('retries a backend that is briefly unreachable (slurmdbd down) instead of erring the order', async () => {
    const { waldur, backend, order, orders } = world();
    backend.failOnce('setResourceLimits', new BackendUnavailableError('Problem talking to the database'));
    backend.failOnce('createResource', new BackendUnavailableError('Connection refused'));
    await expect(orders.processOrderByUuid(order.uuid)).resolves.toBe('done');
    expect(waldur.callsOf('setOrderErred')).toHaveLength(0);
    expect(waldur.orders.get(order.uuid)?.state).toBe('done');
  });

  it('a backend that stays unreachable leaves the order executing and rethrows (redelivery retries later)', async () => {
    const { waldur, backend, order, orders } = world();
    for (let i = 0; i < 3; i += 1)
      backend.failOnce('createResource', new BackendUnavailableError('Connection refused'));
    await expect(orders.processOrderByUuid(order.uuid)).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(waldur.callsOf('setOrderErred')).toHaveLength(0);
    expect(waldur.orders.get(order.uuid)?.state).toBe('executing');
  });

  it('rethrows failures before provisioning started (order stays pending)', async () => {
    const { waldur, backend, order, orders } = world();
    backend.failOnce('evaluatePendingOrder', new BackendError('cannot evaluate'));
    await expect(orders.processOrderByUuid(order.uuid)).rejects.toThrow('cannot evaluate');
    expect(waldur.orders.get(order.uuid)?.state).toBe('pending-provider');
    expect(writes(waldur)).toEqual([]);
  });
});

describe('OrderProcessor: update and terminate', () => {
  it('sets new limits on the backend; equal limits are a no-op', async () => {
    const { waldur, backend, order, orders } = world(
      { type: 'Update', state: 'executing', limits: { cpu: 500 } },
      { backend_id: 'hpc_alloc', state: 'OK' },
    );
    backend.accounts.set('hpc_alloc', { limits: { cpu: 100 }, users: new Set(), qos: 'normal' });
    await orders.processOrderByUuid(order.uuid);
    expect(backend.accounts.get('hpc_alloc')?.limits).toEqual({ cpu: 500 });
    expect(waldur.orders.get(order.uuid)?.state).toBe('done');
    const again = waldur.addOrder(
      makeOrder(waldur.resources.get(order.marketplace_resource_uuid) ?? makeResource(), {
        type: 'Update',
        state: 'executing',
        limits: { cpu: 500 },
      }),
    );
    await orders.processOrderByUuid(again.uuid);
    expect(backend.count('setResourceLimits')).toBe(1);
  });

  it('deletes the allocation on terminate, and is a no-op when it is already gone', async () => {
    const { waldur, backend, order, orders } = world(
      { type: 'Terminate', state: 'executing' },
      { backend_id: 'hpc_alloc', state: 'OK' },
    );
    backend.accounts.set('hpc_alloc', { limits: {}, users: new Set(), qos: 'normal' });
    await orders.processOrderByUuid(order.uuid);
    expect(backend.accounts.has('hpc_alloc')).toBe(false);
    expect(backend.calls.find((c) => c.method === 'deleteResource')?.args).toEqual([
      'hpc_alloc',
      { projectSlug: 'project' },
    ]);
    expect(waldur.resources.get(order.marketplace_resource_uuid)?.state).toBe('Terminated');
    const again = waldur.addOrder(
      makeOrder(makeResource({ uuid: order.marketplace_resource_uuid, backend_id: 'hpc_alloc' }), {
        type: 'Terminate',
        state: 'executing',
      }),
    );
    await orders.processOrderByUuid(again.uuid);
    expect(backend.count('deleteResource')).toBe(1);
  });
});

describe('OrderProcessor.processOffering', () => {
  it('processes every actionable order and isolates failures', async () => {
    const waldur = new FakeWaldur();
    const backend = new FakeBackend();
    const r1 = waldur.addResource(makeResource({ slug: 'one' }));
    const r2 = waldur.addResource(makeResource({ slug: 'two' }));
    waldur.addOrder(makeOrder(r1));
    const failing = waldur.addOrder(makeOrder(r2));
    waldur.addOrder(makeOrder(r2, { state: 'done' }));
    const { orders } = testRig(waldur, backend);
    backend.failOnce('evaluatePendingOrder');
    const result = await orders.processOffering();
    expect(result).toEqual({ processed: 2, failed: 1 });
    expect(waldur.orders.get(failing.uuid)?.state === 'done' || backend.accounts.has('hpc_one')).toBe(true);
  });
});
