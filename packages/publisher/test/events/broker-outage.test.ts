// Events recorded while the broker is down are delivered once each after it comes back. Uses a second,
// private RabbitMQ node of our own (testkit LocalBroker: other node name, ports and data dir) that this
// test stops and restarts; the run's shared broker is not touched.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalBroker } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManagementApiProvisioner } from '../../src/broker/broker-provisioner.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { OutboxEventRecorder } from '../../src/events/event-recorder.js';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { drainQueue } from '../support/amqp.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { waitFor } from '@waldur-sim/harness';
import { createOrder, createWorld, registerQueue } from '../support/world.js';

let db: TestDatabase;
let node: LocalBroker;
const dataDir = path.join(tmpdir(), `publisher-outage-broker-${randomUUID().slice(0, 8)}`);

beforeAll(async () => {
  db = await openTestDatabase();
  const ports = [];
  for (let i = 0; i < 6; i++) ports.push(await freePort());
  const [amqpPort, managementPort, stompPort, webStompPort, distPort, epmdPort] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  node = new LocalBroker(
    {
      dataDir,
      nodeName: `pubout${randomUUID().slice(0, 6)}@localhost`,
      amqpPort,
      managementPort,
      stompPort,
      webStompPort,
      distPort,
      epmdPort,
    },
    { logger: pino({ level: 'warn' }) },
  );
  await node.start();
}, 120_000);

afterAll(async () => {
  await node.stop().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  await db.close();
}, 120_000);

test('rows recorded while the broker is stopped stay pending, then are delivered exactly once after restart', async () => {
  const b = node.endpoints;
  const provisioner = new ManagementApiProvisioner({
    managementUrl: b.managementUrl,
    username: b.adminUser,
    password: b.adminPassword,
  });
  const world = await createWorld(db.prisma);
  const reg = await registerQueue(db.prisma, world.seed.provider.owner.id, world.seed.offering.id, 'order');
  await provisioner.ensureVhost(reg.vhost);
  await provisioner.ensureSubscriptionQueue(reg.vhost, reg.queue);

  const relay = new OutboxRelay({
    databaseUrl: db.url,
    amqpUrl: b.amqpUrl,
    pollIntervalMs: 100,
    backoff: { baseMs: 100, maxMs: 1000, jitter: 0.5 },
  });
  await relay.start();
  const events = new OutboxEventRecorder();
  const record = async (): Promise<string> => {
    const order = await createOrder(db.prisma, world, 'pending-provider');
    await db.prisma.$transaction((tx) => events.orderStateChanged(tx, order.id));
    return order.id;
  };
  try {
    // Warm path: the relay holds a live connection to the vhost.
    const first = await record();
    await waitFor(
      'first delivery',
      async () => (await db.prisma.outboxMessage.count({ where: { queue: reg.queue, state: 'sent' } })) === 1,
    );

    await node.stop();
    const during = [await record(), await record(), await record()];
    // The relay tried the queue's oldest row and failed: it is pending with an error; the later rows wait
    // behind it untouched (they may not overtake it), and none was marked sent.
    await waitFor('failed attempts while the broker is down', async () => {
      const rows = await db.prisma.outboxMessage.findMany({
        where: { queue: reg.queue, state: 'pending' },
        orderBy: { id: 'asc' },
      });
      return rows.length === 3 && rows[0]!.attempts >= 2 && rows[0]!.lastError !== null;
    });
    expect(await db.prisma.outboxMessage.count({ where: { queue: reg.queue, state: 'sent' } })).toBe(1);
    expect(relay.metrics().failures).toBeGreaterThanOrEqual(2);

    await node.start();
    await waitFor(
      'delivery after restart',
      async () => (await db.prisma.outboxMessage.count({ where: { queue: reg.queue, state: 'sent' } })) === 4,
      { timeoutMs: 60_000 },
    );
    const got = await drainQueue(b, reg.vhost, reg.queue);
    const orderIds = got.map((m) => (JSON.parse(m.content.toString()) as { order_uuid: string }).order_uuid);
    // Exactly once each, and in commit order.
    expect(orderIds).toEqual([first, ...during]);
  } finally {
    await relay.stop();
  }
}, 180_000);
