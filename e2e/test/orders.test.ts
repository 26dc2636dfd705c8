// Orders end to end: a consumer creates and approves orders through the REST API; the agent (event_process)
// approves them as provider, drives sacctmgr on slurm-mock and reports back. Create, Update and Terminate.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';
import { orderStates, waitForOrder } from './support/scenario.js';

const W = 'ord-';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'orders', worlds: [W] });
  slurm = await stack.slurm();
  tap = await stack.tap([W]);
  agent = await stack.agent({ label: 'agent', worlds: [W], slurm });
});

afterAll(async () => {
  await stack.stop();
});

describe('orders', () => {
  test('create order -> approved by the agent -> customer/project/allocation accounts with limits -> done, resource OK', async () => {
    const world = stack.world(W);
    const consumer = stack.consumer(W);
    const order = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 5, mem: 3 },
      name: 'Alloc One',
    });
    const done = await waitForOrder(consumer, order.uuid, 'done');
    expect(done.type).toBe('Create');

    const resource = await stack.owner(W).resource(order.marketplace_resource_uuid);
    expect(resource.state).toBe('OK');
    expect(resource.backend_id).toMatch(/^hpc_alloc-one-/);
    expect(resource.limits).toEqual({ cpu: 5, mem: 3 });

    const snap = await SlurmSnapshot.of(slurm);
    const customerAccount = `hpc_${resource.customer_slug}`;
    const projectAccount = `hpc_${resource.project_slug}`;
    expect(snap.parentOf(customerAccount)).toBe('root');
    expect(snap.parentOf(projectAccount)).toBe(customerAccount);
    expect(snap.parentOf(resource.backend_id)).toBe(projectAccount);
    // Waldur limits x unit_factor (cpu 60000, mem 61440) become GrpTRESMins on the allocation account.
    expect(snap.grpTresMins(resource.backend_id)).toEqual({ cpu: 300_000, mem: 184_320 });

    // Messages: Waldur published every state change; the agent acted on pending-provider and executing.
    expect(await orderStates(tap, order.uuid)).toEqual([
      'pending-consumer',
      'pending-provider',
      'executing',
      'done',
    ]);
    await agent.waitForMessage('order', { order_uuid: order.uuid, order_state: 'executing' });
    const seen = agent.messages().filter((m) => m.payload.order_uuid === order.uuid);
    expect(seen.map((m) => m.payload.order_state)).toEqual(
      expect.arrayContaining(['pending-provider', 'executing']),
    );
    expect(
      agent
        .slurmCommands()
        .some(
          (c) => c.argv.includes('add') && c.argv.includes('account') && c.argv.includes(resource.backend_id),
        ),
    ).toBe(true);
  });

  test('update order changes the limits on the allocation account', async () => {
    const world = stack.world(W);
    const consumer = stack.consumer(W);
    const created = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 2, mem: 2 },
      name: 'Alloc Upd',
    });
    await waitForOrder(consumer, created.uuid, 'done');
    const resourceUuid = created.marketplace_resource_uuid;
    const before = await stack.owner(W).resource(resourceUuid);

    const update = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      type: 'Update',
      resourceUuid,
      limits: { cpu: 7, mem: 1 },
    });
    await waitForOrder(consumer, update.uuid, 'done');
    const after = await stack.owner(W).resource(resourceUuid);
    expect(after.state).toBe('OK');
    expect(after.limits).toEqual({ cpu: 7, mem: 1 });
    expect((await SlurmSnapshot.of(slurm)).grpTresMins(before.backend_id)).toEqual({
      cpu: 420_000,
      mem: 61_440,
    });
    expect(await orderStates(tap, update.uuid)).toEqual([
      'pending-consumer',
      'pending-provider',
      'executing',
      'done',
    ]);
  });

  test('terminate removes the allocation, and the project account with the last allocation', async () => {
    const world = stack.world(W);
    const consumer = stack.consumer(W);
    const owner = stack.owner(W);
    // Every Create of this file lives in the one seeded project: terminate all of them, the last one takes
    // the project account with it.
    const live = await owner.resources({ offering_uuid: world.offeringUuid, state: 'OK' });
    expect(live.length).toBeGreaterThanOrEqual(2);
    const projectAccount = `hpc_${live[0]!.project_slug}`;
    const [last, ...others] = live;
    for (const resource of others) {
      const terminate = await consumer.submitOrder({
        offeringUuid: world.offeringUuid,
        projectUuid: world.projectUuid,
        type: 'Terminate',
        resourceUuid: resource.uuid,
      });
      await waitForOrder(consumer, terminate.uuid, 'done');
      expect((await owner.resource(resource.uuid)).state).toBe('Terminated');
      const snap = await SlurmSnapshot.of(slurm);
      expect(snap.hasAccount(resource.backend_id)).toBe(false);
      expect(snap.hasAccount(projectAccount)).toBe(true);
    }
    const terminate = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      type: 'Terminate',
      resourceUuid: last!.uuid,
    });
    await waitForOrder(consumer, terminate.uuid, 'done');
    expect((await owner.resource(last!.uuid)).state).toBe('Terminated');
    const snap = await waitFor('the project account to go', async () => {
      const s = await SlurmSnapshot.of(slurm);
      return s.hasAccount(projectAccount) ? undefined : s;
    });
    expect(snap.hasAccount(last!.backend_id)).toBe(false);
    expect(snap.hasAccount(projectAccount)).toBe(false);
    expect(await orderStates(tap, terminate.uuid)).toEqual([
      'pending-consumer',
      'pending-provider',
      'executing',
      'done',
    ]);
    expect(agent.slurmCommands().map((c) => c.argv.join(' '))).toContainEqual(
      expect.stringContaining(`remove account where name=${projectAccount}`),
    );
  });

  test("every request the agent made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_orders_list',
      'marketplace_provider_resources_retrieve',
      'marketplace_provider_resources_team_list',
      'marketplace_provider_resources_set_backend_id',
      'marketplace_provider_resources_set_limits',
    ]);
  });
});
