// The byte bound of a user's vhost against the real RabbitMQ: the operator policy set when the vhost is
// provisioned is visible in the management API and applies to every queue in it (Waldur's own queue arguments
// stay as they are); a full queue refuses further publishes (Waldur's `reject-publish-dlx`), and the outbox
// relay keeps a refused row pending and delivers it once the queue has room again, never dropping it.
// Fails when the policy is not set on provisioning, or when the relay treats a nack as delivered.
import { SUBSCRIPTION_QUEUE_ARGUMENTS } from '@waldur-sim/protocol';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUEUE_BOUNDS_POLICY } from '../../src/broker/broker-provisioner.js';
import { OutboxEventRecorder } from '../../src/events/event-recorder.js';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { adminProvisioner, testBroker } from '../support/broker.js';
import { drainQueue, vhostUrl } from '../support/amqp.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { createOrder, createWorld, registerQueue } from '../support/world.js';
import { createSubscriptionInTx, PROVISIONING_TX } from '../../src/http/subscription-provisioning.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';
import { createServices } from '../../src/services.js';

const broker = testBroker();
const admin = adminProvisioner(broker);
const BOUND_BYTES = 4096;
let db: TestDatabase;
/** The vhost the test provisions (removed afterwards). */
let provisioned: string | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  if (provisioned !== undefined) await admin.deleteVhost(provisioned).catch(() => undefined);
  await db.close();
});

describe('queue bounds of a user vhost', () => {
  test('the operator policy is set on provisioning, bounds every queue and keeps Waldur arguments', async () => {
    const world = await createWorld(db.prisma);
    const owner = world.seed.provider.owner;
    const services = createServices({
      prisma: db.prisma,
      publicBaseUrl: 'http://127.0.0.1',
      provisioner: admin,
      limits: { queueMaxLengthBytes: BOUND_BYTES },
    });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } });
    provisioned = user.id;
    await db.prisma.$transaction(
      (tx) =>
        createSubscriptionInTx(services, tx, user, {
          description: null,
          observableObjects: [],
          sourceIp: null,
        }),
      PROVISIONING_TX,
    );
    expect(await admin.getQueueBounds(user.id)).toEqual({
      'max-length': DEFAULT_LIMITS.queueMaxLength,
      'max-length-bytes': BOUND_BYTES,
    });

    const r = await registerQueue(db.prisma, user.id, world.seed.offering.id, 'order');
    await admin.ensureSubscriptionQueue(r.vhost, r.queue);
    const info = await waitForPolicy(user.id, r.queue);
    expect(info.arguments).toEqual(SUBSCRIPTION_QUEUE_ARGUMENTS);
    expect(info.operator_policy).toBe(QUEUE_BOUNDS_POLICY);

    // Fill the queue past its byte bound: the broker nacks (reject-publish-dlx), it does not drop silently.
    const conn = await amqp.connect(vhostUrl(broker, user.id));
    try {
      const ch = await conn.createConfirmChannel();
      const big = Buffer.alloc(BOUND_BYTES / 2, 'x');
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push(
          await new Promise<string>((resolve) => {
            ch.sendToQueue(r.queue, big, { persistent: true }, (err) => {
              resolve(err === null || err === undefined ? 'ack' : 'nack');
            });
          }),
        );
      }
      expect(outcomes.slice(0, 2)).toEqual(['ack', 'ack']);
      expect(outcomes.slice(2)).toEqual(['nack', 'nack']);
    } finally {
      await conn.close();
    }

    // The relay's publish into the full queue is nacked: the row stays pending with the error, then goes out
    // once the consumer has made room.
    const order = await createOrder(db.prisma, world, 'pending-provider');
    await db.prisma.$transaction((tx) => new OutboxEventRecorder().orderStateChanged(tx, order.id));
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { queue: r.queue } });
    const relay = new OutboxRelay({
      databaseUrl: db.url,
      amqpUrl: broker.amqpUrl,
      listen: false,
      backoff: { baseMs: 1, maxMs: 1, jitter: 0 },
    });
    try {
      await relay.drainOnce();
      const refused = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(refused.state).toBe('pending');
      expect(refused.lastError).toMatch(/ERR_PUBLISH_NACK/);
      expect((await drainQueue(broker, r.vhost, r.queue)).length).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await relay.drainOnce();
    } finally {
      await relay.stop();
    }
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).state).toBe('sent');
    const delivered = await drainQueue(broker, r.vhost, r.queue);
    expect(delivered.map((m) => JSON.parse(m.content.toString()) as { order_uuid: string })).toEqual([
      expect.objectContaining({ order_uuid: order.id }),
    ]);
  });
});

/** The queue as the management API shows it once the policy has been applied to it. */
async function waitForPolicy(
  vhost: string,
  queue: string,
): Promise<{ arguments: Record<string, unknown>; operator_policy?: string }> {
  for (let i = 0; i < 100; i++) {
    const q = (await admin.getQueue(vhost, queue)) as {
      arguments: Record<string, unknown>;
      operator_policy?: string;
    } | null;
    if (typeof q?.operator_policy === 'string') return q;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`queue ${queue} never showed an operator policy`);
}
