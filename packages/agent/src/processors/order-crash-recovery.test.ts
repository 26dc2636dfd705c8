// The crash window between the backend effect and Waldur's record of it: the agent dies after the backend created
// the allocation and before set_backend_id reached Waldur. A "crash" here freezes the first agent exactly at that
// point (its later REST calls never happen), then a new processor — a restarted process: new locks, same durable
// journal, same backend, same Waldur — handles the redelivered order.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../testing/fake-backend.js';
import { FakeWaldur, makeOrder, makeResource } from '../testing/fake-waldur.js';
import { MemoryCreateIntentJournal } from '../testing/memory-intent-journal.js';
import { testRig } from '../testing/test-context.js';
import type { WaldurApi } from '../waldur/waldur-api.js';

/** Waldur as seen by a process that may die: once `dead()` is true, calls never complete. */
function mortalApi(waldur: FakeWaldur, dead: () => boolean): WaldurApi {
  const api = waldur.asApi();
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown =>
        dead() ? new Promise(() => undefined) : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

function world(slug = 'alloc') {
  const waldur = new FakeWaldur();
  const backend = new FakeBackend();
  const journal = new MemoryCreateIntentJournal();
  const resource = waldur.addResource(makeResource({ state: 'Creating', slug }));
  const order = waldur.addOrder(makeOrder(resource, { limits: { cpu: 100 } }));
  waldur.setTeam(resource.uuid, ['alice']);
  return { waldur, backend, journal, resource, order };
}

/** Runs the order in a process that dies right after the backend create; returns once it is dead. */
async function crashAfterCreate(w: ReturnType<typeof world>): Promise<void> {
  const agent = { dead: false };
  const { orders } = testRig(w.waldur, w.backend, {
    intents: w.journal,
    api: mortalApi(w.waldur, () => agent.dead),
    crashPoint: () => {
      agent.dead = true; // the only crash point: right after the backend create
    },
  });
  void orders.processOrderByUuid(w.order.uuid);
  for (let i = 0; i < 100 && !agent.dead; i += 1) await new Promise((r) => setImmediate(r));
  expect(agent.dead).toBe(true);
}

describe('order creation survives an agent crash between the backend create and set_backend_id', () => {
  it('the redelivered order adopts the account the agent created: done, one account, journal pruned', async () => {
    const w = world();
    await crashAfterCreate(w);
    expect([...w.backend.accounts.keys()]).toEqual(['hpc_alloc']);
    expect(w.waldur.resources.get(w.resource.uuid)?.backend_id).toBe('');
    expect(w.waldur.orders.get(w.order.uuid)?.state).toBe('executing');
    expect(w.journal.intents.get(w.resource.uuid)?.backendId).toBe('hpc_alloc');

    const restarted = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(restarted.orders.processOrderByUuid(w.order.uuid)).resolves.toBe('done');
    expect([...w.backend.accounts.keys()]).toEqual(['hpc_alloc']);
    expect(w.backend.count('createResource')).toBe(1);
    const adoption = w.backend.calls.filter((c) => c.method === 'createResourceWithId').at(-1);
    expect(adoption?.args[1]).toBe('hpc_alloc');
    expect(adoption?.args[2]).toMatchObject({ adoptExisting: true });
    expect(w.waldur.resources.get(w.resource.uuid)).toMatchObject({
      backend_id: 'hpc_alloc',
      state: 'OK',
      limits: { cpu: 100 },
    });
    expect(w.waldur.orders.get(w.order.uuid)?.state).toBe('done');
    expect([...(w.backend.accounts.get('hpc_alloc')?.users ?? [])]).toEqual(['alice']);
    expect(w.journal.intents.size).toBe(0);
  });

  it('without the journal the same redelivery is refused (erred), never a second account', async () => {
    const w = world();
    await crashAfterCreate(w);
    const amnesiac = testRig(w.waldur, w.backend, { intents: new MemoryCreateIntentJournal() });
    await expect(amnesiac.orders.processOrderByUuid(w.order.uuid)).resolves.toBe('erred');
    expect(w.backend.accounts.size).toBe(1);
  });

  it('crash after the claim but before the create: the restart creates the account once', async () => {
    const w = world();
    await w.journal.claim({ resourceUuid: w.resource.uuid, backendId: 'hpc_alloc', orderUuid: w.order.uuid });
    const { orders } = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(orders.processOrderByUuid(w.order.uuid)).resolves.toBe('done');
    expect([...w.backend.accounts.keys()]).toEqual(['hpc_alloc']);
    expect(w.backend.count('createResource')).toBe(1);
    expect(w.journal.intents.size).toBe(0);
  });

  it('crash after set_backend_id but before the prune: the restart only prunes the entry', async () => {
    const w = world();
    await crashAfterCreate(w);
    await w.waldur.setResourceBackendId(w.resource.uuid, 'hpc_alloc');
    const restarted = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(restarted.orders.processOrderByUuid(w.order.uuid)).resolves.toBe('done');
    expect(w.backend.calls.filter((c) => c.method.startsWith('create'))).toHaveLength(2); // createResource + its WithId, first run only
    expect(w.journal.intents.size).toBe(0);
  });

  it('resources sharing a slug prefix: a journal entry adopts only its exact id', async () => {
    const w = world('alloc');
    // Another resource's account whose name starts with this resource's id (slug "alloc-2"), known to Waldur.
    const other = w.waldur.addResource(makeResource({ slug: 'alloc-2', backend_id: 'hpc_alloc-2' }));
    w.backend.accounts.set('hpc_alloc-2', { limits: { cpu: 7 }, users: new Set(['zed']), qos: 'normal' });
    // This resource's create was journaled, then the agent died before running it.
    await w.journal.claim({ resourceUuid: w.resource.uuid, backendId: 'hpc_alloc', orderUuid: w.order.uuid });
    const { orders } = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(orders.processOrderByUuid(w.order.uuid)).resolves.toBe('done');
    expect(w.waldur.resources.get(w.resource.uuid)?.backend_id).toBe('hpc_alloc');
    expect(w.waldur.resources.get(other.uuid)?.backend_id).toBe('hpc_alloc-2');
    expect(w.backend.accounts.get('hpc_alloc-2')).toEqual({
      limits: { cpu: 7 },
      users: new Set(['zed']),
      qos: 'normal',
    });
  });

  it('never adopts a journaled id that another Waldur resource owns', async () => {
    const w = world('alloc');
    await w.journal.claim({ resourceUuid: w.resource.uuid, backendId: 'hpc_alloc', orderUuid: w.order.uuid });
    // Someone else created hpc_alloc for another resource after our claim, before our create ran.
    const owner = w.waldur.addResource(makeResource({ slug: 'alloc', backend_id: 'hpc_alloc' }));
    w.backend.accounts.set('hpc_alloc', { limits: { cpu: 7 }, users: new Set(['zed']), qos: 'normal' });
    const { orders } = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(orders.processOrderByUuid(w.order.uuid)).resolves.toBe('erred');
    expect(w.waldur.resources.get(w.resource.uuid)?.backend_id).toBe('');
    expect(w.waldur.resources.get(owner.uuid)?.backend_id).toBe('hpc_alloc');
    expect(w.backend.accounts.get('hpc_alloc')?.limits).toEqual({ cpu: 7 });
    expect(w.journal.intents.has(w.resource.uuid)).toBe(false);
  });

  it('an id journaled for one resource is not created for another', async () => {
    const w = world('alloc');
    const twin = w.waldur.addResource(makeResource({ state: 'Creating', slug: 'alloc' }));
    const twinOrder = w.waldur.addOrder(makeOrder(twin));
    await w.journal.claim({ resourceUuid: w.resource.uuid, backendId: 'hpc_alloc', orderUuid: w.order.uuid });
    const { orders } = testRig(w.waldur, w.backend, { intents: w.journal });
    await expect(orders.processOrderByUuid(twinOrder.uuid)).resolves.toBe('erred');
    expect(w.backend.accounts.size).toBe(0);
    await expect(orders.processOrderByUuid(w.order.uuid)).resolves.toBe('done');
    expect([...w.backend.accounts.keys()]).toEqual(['hpc_alloc']);
    expect(w.waldur.resources.get(w.resource.uuid)?.backend_id).toBe('hpc_alloc');
  });
});
