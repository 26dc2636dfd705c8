// Waldur's unified consumer path from the outside (docs/protocol.md#unified-path): a consumer that is not a site
// agent registers through /api/event-consumers/register/ and reads enriched envelopes (`object_type`, resource and
// project names, limits) from its `consumer_<uuid>` queue with a plain STOMP client; and an agent that switched
// from the legacy to the unified path gets each event once, because the owner of a unified queue is left out of
// the legacy fan-out. The second scenario sets each agent's path itself, so it is the same on both projects; the
// first one's agent follows the project's path.
import type { IMessage } from '@stomp/stompjs';
import { consumerRegistrationSchema } from '@waldur-sim/protocol';
import { connectStomp, createManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SlurmSnapshot } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { orderStates, waitForOrder } from './support/scenario.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';

const PLAIN = 'ucp-';
const SWITCH = 'ucs-';
const PAUSED = 'paused';
let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start({ name: 'unified-consumers', worlds: [PLAIN, SWITCH] });
});

afterAll(async () => {
  await stack.stop();
});

interface Received {
  readonly payload: Readonly<Record<string, unknown>>;
}

describe('event-consumers/register', () => {
  test('a plain STOMP client reads enriched order and resource envelopes from its consumer queue', async () => {
    const world = stack.world(PLAIN);
    const consumer = stack.consumer(PLAIN);
    const slurm = await stack.slurm('plain', [PAUSED]);
    const tap = await stack.tap([PLAIN], ['order']);
    await stack.agent({
      label: 'agent',
      worlds: [PLAIN],
      slurm,
      overrides: { backend_settings: { qos_paused: PAUSED } },
    });

    // The project's consumer (no role on the provider side), scoped to the project, for two object types.
    const body = {
      object_types: ['order', 'resource'],
      scopes: [{ type: 'project', uuid: world.projectUuid }],
    };
    const first = await consumer.call('POST', '/event-consumers/register/', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const reg = consumerRegistrationSchema.parse(first.body);
    expect(reg.vhost).toBe((await consumer.me()).uuid);
    expect(reg.observable_object_types).toEqual(['order', 'resource']);
    const again = await consumer.call('POST', '/event-consumers/register/', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const received: Received[] = [];
    const stomp = await connectStomp({
      url: stack.broker.webStompUrl,
      login: reg.rmq_username,
      passcode: consumer.token,
      vhost: reg.vhost,
      heartbeatMs: 0,
    });
    stack.onTeardown('plain consumer', () => stomp.deactivate());
    stomp.subscribe(`/amq/queue/${reg.queue_name}`, (message: IMessage) => {
      received.push({ payload: JSON.parse(message.body) as Record<string, unknown> });
    });

    const { uuid: orderUuid } = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 2, mem: 1 },
      name: 'Watched',
    });
    const done = await waitForOrder(consumer, orderUuid, 'done');
    const resource = await stack.owner(PLAIN).resource(done.marketplace_resource_uuid);
    // What the legacy path carried, at the tap (another user's legacy subscription).
    const legacyStates = await orderStates(tap, orderUuid);
    const orders = await waitFor('the consumer to get the order up to done', () => {
      const mine = received.filter((m) => m.payload.order_uuid === orderUuid);
      return mine.some((m) => m.payload.order_state === 'done') ? mine : undefined;
    });
    // The same state changes the legacy path carried, each as an enriched envelope.
    expect(orders.map((m) => m.payload.order_state)).toEqual(legacyStates);
    for (const m of orders) {
      expect(m.payload).toMatchObject({
        offering_uuid: world.offeringUuid,
        object_type: 'order',
        order_type: 'Create',
        resource_uuid: resource.uuid,
        resource_name: 'Watched',
        project_uuid: world.projectUuid,
        attributes: { name: 'Watched' },
        limits: { cpu: 2, mem: 1 },
        schema_version: 1,
      });
    }

    await stack.owner(PLAIN).setResourceFlag(resource.uuid, 'paused', true);
    const paused = await waitFor('the consumer to get the resource event', () =>
      received.find((m) => m.payload.object_type === 'resource' && m.payload.paused === true),
    );
    expect(paused.payload).toMatchObject({
      resource_uuid: resource.uuid,
      offering_uuid: world.offeringUuid,
      resource_name: 'Watched',
      resource_state: 'OK',
      project_uuid: world.projectUuid,
      limits: { cpu: 2, mem: 1 },
      schema_version: 1,
    });
    // The agent acted on the same event (its own queue, its own path).
    await waitFor('QOS paused on the allocation', async () =>
      ((await SlurmSnapshot.of(slurm)).qos(resource.backend_id)?.qos ?? []).includes(PAUSED),
    );
    expect(received.every((m) => ['order', 'resource'].includes(String(m.payload.object_type)))).toBe(true);
  });
});

describe('legacy fan-out suppression', () => {
  test('an agent that switched to the unified path gets each event once; its legacy queue stays empty', async () => {
    const world = stack.world(SWITCH);
    const consumer = stack.consumer(SWITCH);
    const slurm = await stack.slurm('switch');
    const tap = await stack.tap([SWITCH], ['order']);

    const legacy = await stack.agent({
      label: 'legacy-agent',
      worlds: [SWITCH],
      slurm,
      overrides: { stomp_unified_queue: false },
    });
    const legacyQueues = legacy.queues();
    expect(legacyQueues.map((q) => q.path)).not.toContain('unified');
    const legacyOrderQueue = legacyQueues.find((q) => q.objectType === 'order');
    if (legacyOrderQueue === undefined) throw new Error('the legacy agent consumes no order queue');
    await legacy.stop();

    // Same offering, same identity, same owner: now on the unified path. The legacy queues stay declared.
    const unified = await stack.agent({
      label: 'unified-agent',
      worlds: [SWITCH],
      slurm,
      overrides: { stomp_unified_queue: true },
    });
    const [consumerQueue, ...more] = unified.queues();
    expect(more).toEqual([]);
    expect(consumerQueue?.queue).toMatch(/^consumer_[0-9a-f]{32}$/);

    const order = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 1, mem: 1 },
      name: 'Switched',
    });
    await waitForOrder(consumer, order.uuid, 'done');
    await unified.waitForMessage('order', { order_uuid: order.uuid, order_state: 'done' });

    // Another user's legacy subscription (the tap) still gets every state change; the agent got each one once,
    // on its consumer queue.
    const states = await orderStates(tap, order.uuid);
    const handled = unified.messages().filter((m) => m.payload.order_uuid === order.uuid);
    expect(handled.map((m) => m.payload.order_state)).toEqual(states);
    expect(new Set(handled.map((m) => m.queue))).toEqual(new Set([consumerQueue?.queue]));
    // Nothing reached the owner's legacy order queue, which still exists (nobody consumes it any more).
    const management = createManagementClient(stack.broker);
    const { vhost, queue } = legacyOrderQueue;
    expect(await management.getQueue(vhost, queue)).toBeDefined();
    expect(await management.getMessages(vhost, queue, { count: 10 })).toEqual([]);
  });
});

describe("Waldur's contract", () => {
  test("every request the agents made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_site_agent_identities_register_event_subscription',
      'event_subscriptions_create_queue',
    ]);
  });
});
