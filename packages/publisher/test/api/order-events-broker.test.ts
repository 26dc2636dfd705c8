// Through the REST API and the real relay into the real broker: creating and approving an order puts messages
// into the subscriber's queue with Waldur's exact body and headers (read over Web-STOMP the way the agent reads
// them); subscribers without access to the offering get nothing.
import { messageId, queueName, topicFor } from '@waldur-sim/protocol';
import { StompHeaders, type IMessage } from '@stomp/stompjs';
import { connectStomp, createManagementClient, type ManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { newHexId } from '../../src/services.js';
import { testBroker } from '../support/broker.js';
import { waitFor } from '@waldur-sim/harness';
import { as } from './requests.js';
import { startApi, type ApiContext, type TestUser } from './api-world.js';

const broker = testBroker();
let ctx: ApiContext;
let relay: OutboxRelay;
let mgmt: ManagementClient;

beforeAll(async () => {
  ctx = await startApi();
  mgmt = createManagementClient(broker);
  relay = new OutboxRelay({ databaseUrl: ctx.db.url, amqpUrl: broker.amqpUrl, pollIntervalMs: 100 });
  await relay.start();
});
afterAll(async () => {
  await relay.stop();
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

/** Subscribe like the agent: POST event-subscriptions, then create_queue for (offering, order). */
async function subscribe(user: TestUser, offeringId: string): Promise<{ sub: string; queue: string }> {
  const sub = await as(ctx.app, user).post('/api/event-subscriptions/', {
    observable_objects: [{ object_type: 'order' }],
  });
  expect(sub.statusCode).toBe(201);
  const subId = sub.json<{ uuid: string }>().uuid;
  const q = await as(ctx.app, user).post(`/api/event-subscriptions/${subId}/create_queue/`, {
    offering_uuid: offeringId,
    object_type: 'order',
  });
  expect(q.statusCode, q.body).toBe(201);
  return { sub: subId, queue: q.json<{ queue_name: string }>().queue_name };
}

it('order create + consumer approval reach the provider queue byte for byte; others get nothing', async () => {
  const w = ctx.world;
  const provider = await subscribe(w.providerOwner, w.offeringId);
  // A second provider, subscribed to its own offering only.
  const other = await subscribe(w.otherProviderOwner, w.otherOfferingId);
  // A user who could see the offering when registering, but lost the role before the events.
  const formerPermission = await ctx.prisma.customerPermission.create({
    data: {
      id: newHexId(),
      userId: w.outsider.id,
      customerId: w.providerCustomerId,
      role: 'CUSTOMER.SUPPORT',
    },
  });
  const former = await subscribe(w.outsider, w.offeringId);
  await ctx.prisma.customerPermission.update({
    where: { id: formerPermission.id },
    data: { isActive: false },
  });

  const consumer = as(ctx.app, w.projectAdmin);
  const created = await consumer.post('/api/marketplace-orders/', {
    offering: w.offeringId,
    project: w.projectId,
    limits: { cpu: 1 },
    attributes: { name: 'evt' },
  });
  expect(created.statusCode).toBe(201);
  const orderId = created.json<{ uuid: string }>().uuid;
  expect((await consumer.post(`/api/marketplace-orders/${orderId}/approve_by_consumer/`)).statusCode).toBe(
    200,
  );

  // Read the provider's queue the way the agent does: Web-STOMP, login = subscription uuid, passcode = token,
  // host = the user's vhost, SUBSCRIBE /amq/queue/<queue> ack=auto.
  const received: IMessage[] = [];
  const client = await connectStomp({
    url: broker.webStompUrl,
    login: provider.sub,
    passcode: w.providerOwner.token,
    vhost: w.providerOwner.id,
    heartbeatMs: 10_000,
  });
  try {
    const headers = new StompHeaders();
    headers.id = provider.queue;
    headers.ack = 'auto';
    client.subscribe(`/amq/queue/${provider.queue}`, (m) => received.push(m), headers);
    await waitFor('two order events', () => received.length >= 2);
  } finally {
    await client.deactivate();
  }

  const topic = topicFor({ subscriptionUuid: provider.sub, offeringUuid: w.offeringId, objectType: 'order' });
  expect(provider.queue).toBe(
    queueName({ subscriptionUuid: provider.sub, offeringUuid: w.offeringId, objectType: 'order' }),
  );
  const expected = ['pending-consumer', 'pending-provider'].map(
    (state) => `{"order_uuid": "${orderId}", "order_state": "${state}", "offering_uuid": "${w.offeringId}"}`,
  );
  expect(received.map((m) => m.body)).toEqual(expected);
  received.forEach((m, i) => {
    const body = expected[i]!;
    expect(m.headers).toMatchObject({
      persistent: 'true',
      durable: 'true',
      'auto-delete': 'false',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-message-id': messageId(w.providerOwner.id, topic, body),
    });
  });

  // Everything is relayed; the other queues stayed empty.
  await waitFor('outbox drained', async () => (await relay.pendingCount()) === 0);
  for (const [vhost, queue] of [
    [w.otherProviderOwner.id, other.queue],
    [w.outsider.id, former.queue],
  ] as const) {
    const info = await waitFor(`queue ${queue}`, () => mgmt.getQueue(vhost, queue));
    expect(info.messages ?? 0).toBe(0);
    expect(await mgmt.getMessages(vhost, queue, { count: 5 })).toEqual([]);
  }
});
