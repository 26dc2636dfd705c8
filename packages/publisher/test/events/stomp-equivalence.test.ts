// What a Web-STOMP consumer receives from our relay (AMQP publish) must equal what it receives when Waldur
// publishes (a STOMP SEND over TCP, one connection per message, admin login, vhost in `host`). Both go to
// queues of the same vhost; the subscriber (subscription uuid / token, as the agent logs in) compares the
// MESSAGE frames. Only the broker's per-delivery headers (message-id, subscription, ack, destination
// queue name) may differ.
import { Client, StompHeaders, type IMessage } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { connectStomp } from '@waldur-sim/testkit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OutboxEventRecorder } from '../../src/events/event-recorder.js';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { adminProvisioner, testBroker } from '../support/broker.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { waitFor } from '@waldur-sim/harness';
import { createOrder, createWorld, registerQueue } from '../support/world.js';

const broker = testBroker();
const admin = adminProvisioner(broker);
let db: TestDatabase;
let vhost: string | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  if (vhost !== undefined) await admin.deleteVhost(vhost).catch(() => undefined);
  await db.close();
});

function stompHeaders(values: Record<string, string>): StompHeaders {
  return Object.assign(new StompHeaders(), values);
}

/** Exactly what Waldur's publish_stomp_messages does for one message (docs/protocol.md#send-headers), with stompjs over TCP. */
async function waldurStompSend(
  v: string,
  destination: string,
  body: string,
  headers: Record<string, string>,
): Promise<void> {
  const client = new Client();
  client.webSocketFactory = () => new TCPWrapper(broker.stompHost, broker.stompPort);
  client.connectHeaders = stompHeaders({ login: broker.adminUser, passcode: broker.adminPassword, host: v });
  client.heartbeatIncoming = 10_000;
  client.heartbeatOutgoing = 10_000;
  client.reconnectDelay = 0;
  await new Promise<void>((resolve, reject) => {
    client.onConnect = () => {
      client.publish({ destination, body, headers });
      resolve();
    };
    client.onStompError = (f) => {
      reject(new Error(`STOMP ERROR ${f.headers.message ?? ''}`));
    };
    client.activate();
  });
  // DISCONNECT waits for its receipt: the broker has processed the SEND by then.
  await client.deactivate();
}

const PER_DELIVERY = new Set(['message-id', 'subscription', 'ack', 'destination']);
const comparable = (m: IMessage): [string, string][] =>
  Object.entries(m.headers).filter(([k]) => !PER_DELIVERY.has(k));

test('relay publishes produce the same STOMP MESSAGE frames as Waldur STOMP SENDs', async () => {
  const world = await createWorld(db.prisma);
  const owner = world.seed.provider.owner;
  const reg = await registerQueue(db.prisma, owner.id, world.seed.offering.id, 'order');
  vhost = reg.vhost;
  const referenceQueue = `${reg.queue}_waldur_reference`;
  await admin.ensureVhost(reg.vhost);
  await admin.upsertUser(reg.subscriptionId, owner.token);
  await admin.grantVhost(reg.subscriptionId, reg.vhost);
  await admin.ensureSubscriptionQueue(reg.vhost, reg.queue);
  await admin.ensureSubscriptionQueue(reg.vhost, referenceQueue);

  const order = await createOrder(db.prisma, world, 'pending-provider');
  await db.prisma.$transaction((tx) => new OutboxEventRecorder().orderStateChanged(tx, order.id));
  const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { queue: reg.queue } });
  const headers = row.headers as Record<string, string>;

  await waldurStompSend(reg.vhost, `/amq/queue/${referenceQueue}`, row.body, headers);
  const relay = new OutboxRelay({ databaseUrl: db.url, amqpUrl: broker.amqpUrl, listen: false });
  try {
    await relay.drainOnce();
  } finally {
    await relay.stop();
  }

  // The agent's login: subscription uuid + API token, into the user's vhost, heart-beats 10 s.
  const consumer = await connectStomp({
    url: broker.webStompUrl,
    login: reg.subscriptionId,
    passcode: owner.token,
    vhost: reg.vhost,
  });
  const got = new Map<string, IMessage>();
  try {
    for (const q of [reg.queue, referenceQueue]) {
      consumer.subscribe(`/amq/queue/${q}`, (m) => got.set(q, m), stompHeaders({ id: q, ack: 'auto' }));
    }
    await waitFor('both messages', () => got.size === 2);
  } finally {
    await consumer.deactivate();
  }
  const ours = got.get(reg.queue)!;
  const waldur = got.get(referenceQueue)!;

  expect(ours.body).toBe(row.body);
  expect(waldur.body).toBe(row.body);
  expect(comparable(ours)).toEqual(comparable(waldur));
  expect(Object.fromEntries(comparable(ours))).toEqual({
    'content-length': String(Buffer.byteLength(row.body)),
    'content-type': 'application/json',
    persistent: 'true',
    durable: 'true',
    'auto-delete': 'false',
    'x-message-id': headers['x-message-id'],
    redelivered: 'false',
  });
  expect(ours.headers.destination).toBe(`/queue/${reg.queue}`);
  expect(waldur.headers.destination).toBe(`/queue/${referenceQueue}`);
});
