// The agent's life cycle and deployment shapes, against one publisher: events that happened while the agent was
// down (queue backlog and start-up catch-up), two agents serving two offerings, and the polling mode
// (`order_process`) reaching the same end states as `event_process`.
import { createManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SlurmSnapshot } from '../src/harness/slurm-mock.js';
import { eventPath, Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { createAllocation, orderStates, waitForOrder } from './support/scenario.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';

const CATCH_UP = 'cat-';
const A = 'two-a-';
const B = 'two-b-';
const POLL = 'pol-';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ name: 'agents', worlds: [CATCH_UP, A, B, POLL] });
});

afterAll(async () => {
  await stack.stop();
});

describe('agent down', () => {
  test('orders approved before the agent ever ran are processed by its start-up catch-up', async () => {
    const world = stack.world(CATCH_UP);
    const consumer = stack.consumer(CATCH_UP);
    const slurm = await stack.slurm('catch-up');
    const order = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 1, mem: 1 },
      name: 'Early',
    });
    await waitForOrder(consumer, order.uuid, 'pending-provider');

    const agent = await stack.agent({ label: 'catch-up-agent', worlds: [CATCH_UP], slurm });
    await waitForOrder(consumer, order.uuid, 'done');
    const resource = await stack.owner(CATCH_UP).resource(order.marketplace_resource_uuid);
    expect((await SlurmSnapshot.of(slurm)).hasAccount(resource.backend_id)).toBe(true);
    const catchUp = agent.process.lines.find((l) => l.json?.msg === 'Start-up order catch-up finished');
    expect(catchUp?.json?.processed).toBeGreaterThanOrEqual(1);
    // No queue existed when the order became pending-provider, so no message carried it to the agent.
    expect(
      agent
        .messages()
        .filter((m) => m.payload.order_uuid === order.uuid && m.payload.order_state === 'pending-provider'),
    ).toEqual([]);
    await agent.stop();
  });

  test('events published while the agent is stopped wait in its queues and are applied when it starts', async () => {
    const world = stack.world(CATCH_UP);
    const consumer = stack.consumer(CATCH_UP);
    const slurm = await stack.slurm('backlog', ['paused']);
    const overrides = { backend_settings: { qos_paused: 'paused' } };
    const first = await stack.agent({ label: 'backlog-agent-1', worlds: [CATCH_UP], slurm, overrides });
    const paused = await createAllocation(stack, CATCH_UP, 'Backlog One', { cpu: 2, mem: 2 });
    const queues = first.queues();
    await first.stop();

    // While it is down: a new order and a pause.
    const order = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 3, mem: 1 },
      name: 'Backlog Two',
    });
    await waitForOrder(consumer, order.uuid, 'pending-provider');
    await stack.owner(CATCH_UP).setResourceFlag(paused.uuid, 'paused', true);

    const management = createManagementClient(stack.broker);
    const vhost = (await stack.owner(CATCH_UP).me()).uuid;
    // Legacy path: the order and the resource queue; unified path: both are the agent's one consumer queue.
    const orderQueue = queues.find((q) => q.objectTypes.includes('order'))?.queue ?? '';
    const resourceQueue = queues.find((q) => q.objectTypes.includes('resource'))?.queue ?? '';
    const waiting = await waitFor('the backlog to be in the agent queues', async () => {
      const held: { payload: string }[] = [];
      for (const queue of new Set([orderQueue, resourceQueue]))
        held.push(...(await management.getMessages(vhost, queue, { count: 10 })));
      const bodies = held.map((m) => JSON.parse(m.payload) as Record<string, unknown>);
      return bodies.some((b) => b.order_uuid === order.uuid && b.order_state === 'pending-provider') &&
        bodies.some((b) => b.resource_uuid === paused.uuid)
        ? bodies
        : undefined;
    });
    expect(waiting.length).toBeGreaterThanOrEqual(3);

    const second = await stack.agent({ label: 'backlog-agent-2', worlds: [CATCH_UP], slurm, overrides });
    await waitForOrder(consumer, order.uuid, 'done');
    await second.waitForMessage('order', { order_uuid: order.uuid, order_state: 'pending-provider' });
    await second.waitForMessage('resource', { resource_uuid: paused.uuid, paused: true });
    await waitFor('QOS paused on the allocation', async () =>
      ((await SlurmSnapshot.of(slurm)).qos(paused.backend_id)?.qos ?? []).includes('paused'),
    );
    const created = await stack.owner(CATCH_UP).resource(order.marketplace_resource_uuid);
    expect((await SlurmSnapshot.of(slurm)).grpTresMins(created.backend_id)).toEqual({
      cpu: 180_000,
      mem: 61_440,
    });
    expect(
      second
        .queues()
        .map((q) => q.queue)
        .sort(),
    ).toEqual(queues.map((q) => q.queue).sort());
    await waitFor(
      'the agent queues to be drained',
      async () => (await management.getMessages(vhost, orderQueue, { count: 1 })).length === 0,
    );
  });
});

describe('two agents, two offerings', () => {
  test('each agent sees only the events of its own offering and drives only its own cluster', async () => {
    const slurmA = await stack.slurm('slurm-a');
    const slurmB = await stack.slurm('slurm-b');
    const agentA = await stack.agent({ label: 'agent-a', worlds: [A], slurm: slurmA });
    const agentB = await stack.agent({ label: 'agent-b', worlds: [B], slurm: slurmB });
    const [resA, resB] = await Promise.all([
      createAllocation(stack, A, 'Alpha', { cpu: 1, mem: 1 }),
      createAllocation(stack, B, 'Beta', { cpu: 2, mem: 2 }),
    ]);
    const offeringA = stack.world(A).offeringUuid;
    const offeringB = stack.world(B).offeringUuid;

    await agentA.waitForMessage('order', { offering_uuid: offeringA, order_state: 'done' });
    await agentB.waitForMessage('order', { offering_uuid: offeringB, order_state: 'done' });
    expect(new Set(agentA.messages().map((m) => m.payload.offering_uuid))).toEqual(new Set([offeringA]));
    expect(new Set(agentB.messages().map((m) => m.payload.offering_uuid))).toEqual(new Set([offeringB]));
    // Legacy queues are per (subscription, offering, type) and name the offering; a unified queue is the
    // offering's agent identity's one consumer queue. Either way no queue is shared between the two agents.
    const queuesA = agentA.queues();
    const queuesB = agentB.queues();
    expect(queuesA.every((q) => q.offeringUuid === offeringA)).toBe(true);
    expect(queuesB.every((q) => q.offeringUuid === offeringB)).toBe(true);
    if (eventPath() === 'legacy') {
      expect(queuesA.every((q) => q.queue.includes(offeringA))).toBe(true);
      expect(queuesB.every((q) => q.queue.includes(offeringB))).toBe(true);
    }
    expect(queuesA.filter((a) => queuesB.some((b) => b.queue === a.queue))).toEqual([]);

    const [snapA, snapB] = await Promise.all([SlurmSnapshot.of(slurmA), SlurmSnapshot.of(slurmB)]);
    expect(snapA.hasAccount(resA.backend_id)).toBe(true);
    expect(snapA.hasAccount(resB.backend_id)).toBe(false);
    expect(snapB.hasAccount(resB.backend_id)).toBe(true);
    expect(snapB.hasAccount(resA.backend_id)).toBe(false);
    expect(snapA.accountNames()).toEqual(
      ['hpc_two-a-hpc-consumer', 'hpc_two-a-hpc-project', resA.backend_id, 'root'].sort(),
    );
    expect(snapB.accountNames()).toEqual(
      ['hpc_two-b-hpc-consumer', 'hpc_two-b-hpc-project', resB.backend_id, 'root'].sort(),
    );
  });
});

describe('order_process (polling) mode', () => {
  test('reaches the same end states as event_process: create, update, terminate', async () => {
    const world = stack.world(POLL);
    const consumer = stack.consumer(POLL);
    const owner = stack.owner(POLL);
    const slurm = await stack.slurm('polling');
    const tap = await stack.tap([POLL], ['order']);
    const agent = await stack.agent({
      label: 'polling-agent',
      mode: 'order_process',
      worlds: [POLL],
      slurm,
      overrides: { stomp_enabled: false },
      env: { WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: '0.01', WALDUR_SITE_AGENT_TICK_SECONDS: '0.2' },
    });

    const create = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 5, mem: 3 },
      name: 'Polled',
    });
    await waitForOrder(consumer, create.uuid, 'done');
    const resource = await owner.resource(create.marketplace_resource_uuid);
    expect(resource.state).toBe('OK');
    let snap = await SlurmSnapshot.of(slurm);
    expect(snap.parentOf(resource.backend_id)).toBe(`hpc_${resource.project_slug}`);
    expect(snap.grpTresMins(resource.backend_id)).toEqual({ cpu: 300_000, mem: 184_320 });

    const update = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      type: 'Update',
      resourceUuid: resource.uuid,
      limits: { cpu: 1, mem: 1 },
    });
    await waitForOrder(consumer, update.uuid, 'done');
    snap = await SlurmSnapshot.of(slurm);
    expect(snap.grpTresMins(resource.backend_id)).toEqual({ cpu: 60_000, mem: 61_440 });

    const terminate = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      type: 'Terminate',
      resourceUuid: resource.uuid,
    });
    await waitForOrder(consumer, terminate.uuid, 'done');
    expect((await owner.resource(resource.uuid)).state).toBe('Terminated');
    snap = await SlurmSnapshot.of(slurm);
    expect(snap.hasAccount(resource.backend_id)).toBe(false);
    expect(snap.hasAccount(`hpc_${resource.project_slug}`)).toBe(false);

    // Waldur still published every state change (to the tap), but the polling agent consumed no message.
    expect(await orderStates(tap, terminate.uuid)).toEqual([
      'pending-consumer',
      'pending-provider',
      'executing',
      'done',
    ]);
    expect(agent.messages()).toEqual([]);
    expect(agent.queues()).toEqual([]);
  });
});

describe("Waldur's contract", () => {
  test("every request the agents made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_orders_list',
      'marketplace_provider_resources_team_list',
    ]);
  });
});
