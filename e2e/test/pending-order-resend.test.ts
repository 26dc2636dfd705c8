// Waldur's hourly pending-order resend, end to end on a short test period: the agent is down (stopped, its STOMP
// connection closed) while an order is submitted, and the message about it is lost from its queue (as when the
// queue's 1 h TTL expires). Without a restart, the agent gets the order from the resend once it is up again and
// drives it to done within one resend period after the order became due.
import { createManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { eventPath, Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { waitForOrder } from './support/scenario.js';

const W = 'rsd-';
/** The publisher's periods for this file (Waldur: 1 h each). */
const RESEND_SECONDS = 5;
const MIN_AGE_SECONDS = 10;
const PERIODIC_ENV = {
  PENDING_ORDER_RESEND_SECONDS: String(RESEND_SECONDS),
  PENDING_ORDER_MIN_AGE_SECONDS: String(MIN_AGE_SECONDS),
};
let stack: Stack;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'pending-order-resend', worlds: [W], env: PERIODIC_ENV });
  tap = await stack.tap([W], ['order']);
  agent = await stack.agent({ label: 'agent', worlds: [W], slurm: await stack.slurm() });
});

afterAll(async () => {
  await stack.stop();
});

test('an order missed while the agent was down reaches done through the resend, without a restart', async () => {
  const management = createManagementClient(stack.broker);
  // The queue orders arrive on: the order queue (legacy path) or the agent's one consumer queue (unified path).
  const { queue, vhost } = agent.queues().find((q) => q.objectTypes.includes('order')) ?? {
    queue: '',
    vhost: '',
  };
  expect(queue).toMatch(
    eventPath() === 'unified'
      ? /^consumer_[0-9a-f]{32}$/
      : /^subscription_[0-9a-f]{32}_offering_[0-9a-f]{32}_order$/,
  );

  // The management API lists a connection only after the broker's next statistics round (seconds): wait until
  // it shows every consumer connection of the agent, or closing them below would miss some.
  const subscribed = agent.process.lines.filter((l) => l.json?.msg === 'Connected and subscribed').length;
  const connections = await waitFor('the agent connections in the management API', async () => {
    const listed = await management.request('GET', `/vhosts/${encodeURIComponent(vhost)}/connections`);
    const list = listed.body as { name: string }[];
    return list.length >= subscribed ? list : undefined;
  });

  // Down: the process is stopped and its broker connections are closed, so nothing is delivered to it.
  agent.process.killGroup('SIGSTOP');
  try {
    for (const c of connections)
      await management.request('DELETE', `/connections/${encodeURIComponent(c.name)}`);

    const world = stack.world(W);
    const consumer = stack.consumer(W);
    const order = await consumer.submitOrder({
      offeringUuid: world.offeringUuid,
      projectUuid: world.projectUuid,
      limits: { cpu: 1, mem: 1 },
      name: 'Missed One',
    });
    await tap.waitFor('order', { order_uuid: order.uuid, order_state: 'pending-provider' });
    // The announcements are lost (queue TTL expired while the agent was down). Every one the tap saw must be in
    // the agent's queue before the purge: its vhost is published on another channel, so they may arrive later.
    const announced = tap.messages.filter((m) => m.payload.order_uuid === order.uuid).length;
    await waitFor('every announcement of the order in the agent queue', async () => {
      const q = await management.getQueue(vhost, queue);
      return (q?.messages ?? 0) >= announced;
    });
    await management.purgeQueue(vhost, queue);
    agent.process.killGroup('SIGCONT');

    const done = await waitForOrder(consumer, order.uuid, 'done', {
      timeoutMs: (MIN_AGE_SECONDS + 3 * RESEND_SECONDS) * 1000 + 30_000,
    });
    expect(done.state).toBe('done');
    // It was the resend (it carries a sequence number) that the agent acted on, in the same process.
    const handled = agent.messages().filter((m) => m.payload.order_uuid === order.uuid);
    expect(handled[0]?.payload).toMatchObject({
      order_state: 'pending-provider',
      sequence_number: expect.any(Number),
    });
    expect(agent.process.lines.filter((l) => l.json?.msg === 'Agent identity registered')).toHaveLength(1);
  } finally {
    agent.process.killGroup('SIGCONT');
  }
});
