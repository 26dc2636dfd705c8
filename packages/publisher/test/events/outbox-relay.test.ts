// OutboxRelay against a real PostgreSQL and RabbitMQ: confirmed delivery, LISTEN/NOTIFY wake-up, failure
// book-keeping (unroutable, unknown vhost, dead after unsubscribe), and row locking between two relays.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AmqpPublisher,
  type MessagePublisher,
  type OutgoingMessage,
} from '../../src/events/amqp-publisher.js';
import { OutboxEventRecorder } from '../../src/events/event-recorder.js';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { PublishError } from '../../src/events/publish-error.js';
import { adminProvisioner, testBroker } from '../support/broker.js';
import { drainQueue } from '../support/amqp.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { waitFor } from '@waldur-sim/harness';
import { createOrder, createWorld, registerQueue, type Registered, type World } from '../support/world.js';

const broker = testBroker();
const admin = adminProvisioner(broker);
const events = new OutboxEventRecorder();
let db: TestDatabase;
const vhosts = new Set<string>();

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  for (const v of vhosts) await admin.deleteVhost(v).catch(() => undefined);
  await db.close();
});

/** Registers an order queue for the provider owner and declares it on the broker. */
async function providerQueue(world: World, declare = true): Promise<Registered> {
  const r = await registerQueue(db.prisma, world.seed.provider.owner.id, world.seed.offering.id, 'order');
  await admin.ensureVhost(r.vhost);
  vhosts.add(r.vhost);
  if (declare) await admin.ensureSubscriptionQueue(r.vhost, r.queue);
  return r;
}

async function recordOrders(world: World, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = await createOrder(db.prisma, world, 'pending-provider');
    await db.prisma.$transaction((tx) => events.orderStateChanged(tx, order.id));
    ids.push(order.id);
  }
  return ids;
}

function relay(extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay {
  return new OutboxRelay({ databaseUrl: db.url, amqpUrl: broker.amqpUrl, listen: false, ...extra });
}

async function drainAll(r: OutboxRelay): Promise<void> {
  while ((await r.drainOnce()) > 0) {
    /* keep going */
  }
}

/** Drain a queue with a relay that competes with others: a round publishes nothing while another relay
 * holds the queue's oldest rows, so go on until the queue has no pending row left. A pipelined batch is so
 * short that a relay which went straight on would re-claim before the other ever got a turn. */
async function drainCompeting(r: OutboxRelay, queue: string): Promise<void> {
  while ((await db.prisma.outboxMessage.count({ where: { queue, state: 'pending' } })) > 0) {
    await r.drainOnce();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A publisher that nacks publish call `nack` only once call `after` was made (a later batch went out while the
 * failing one waited for its confirm), and passes every other call to `real`. `overlapped` is false when call
 * `after` never came within 5 s.
 */
function nackLate(real: MessagePublisher, calls: { nack: number; after: number }) {
  let count = 0;
  let laterOut: () => void = () => undefined;
  const overlapped = new Promise<boolean>((resolve) => {
    laterOut = () => {
      resolve(true);
    };
    setTimeout(() => {
      resolve(false);
    }, 5000);
  });
  const publisher: MessagePublisher = {
    publish: async (m) => {
      count += 1;
      if (count === calls.after) laterOut();
      if (count === calls.nack) {
        await overlapped;
        throw new PublishError('ERR_PUBLISH_NACK', 'nacked');
      }
      await real.publish(m);
    },
    close: () => Promise.resolve(),
  };
  return { publisher, overlapped };
}

describe('OutboxRelay', () => {
  test('publishes with confirms into the subscriber queue and marks the row sent', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    await recordOrders(world, 1);
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { queue: q.queue } });
    const r = relay();
    try {
      await drainAll(r);
    } finally {
      await r.stop();
    }
    const after = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
    expect(after.sentAt).toBeInstanceOf(Date);
    const got = await drainQueue(broker, q.vhost, q.queue);
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.content.toString('utf8')).toBe(row.body);
    const headers = row.headers as Record<string, string>;
    expect(m.properties).toMatchObject({ contentType: 'application/json', deliveryMode: 2 });
    expect(m.properties.headers).toEqual({
      'content-length': String(Buffer.byteLength(row.body)),
      'x-message-id': headers['x-message-id'],
      'auto-delete': 'false',
      durable: 'true',
    });
    expect(r.metrics()).toMatchObject({ sent: 1, failures: 0 });
  });

  test('stats() reports pending rows next to the counters', async () => {
    const world = await createWorld(db.prisma);
    await providerQueue(world);
    const r = relay();
    try {
      await drainAll(r);
      const before = await r.stats();
      await recordOrders(world, 2);
      expect((await r.stats()).pending).toBe(before.pending + 2);
      await drainAll(r);
      expect(await r.stats()).toMatchObject({ pending: before.pending, sent: before.sent + 2 });
    } finally {
      await r.stop();
    }
  });

  test('a started relay is woken by NOTIFY at commit (the poll interval is far longer than the test)', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    const r = relay({ listen: true, pollIntervalMs: 10 * 60_000 });
    await r.start();
    try {
      // The first loop iteration found nothing and now sleeps for the long poll interval.
      await waitFor('first empty batch', () => r.metrics().batches >= 1);
      await recordOrders(world, 1);
      await waitFor(
        'delivery',
        async () => (await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'sent' } })) === 1,
      );
    } finally {
      await r.stop();
    }
    expect(await drainQueue(broker, q.vhost, q.queue)).toHaveLength(1);
  });

  test('an undeclared queue keeps the row pending with lastError and backoff; after unsubscribing it becomes dead', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world, false);
    await recordOrders(world, 1);
    let now = new Date();
    const r = relay({
      clock: () => now,
      random: () => 0,
      backoff: { baseMs: 1000, maxMs: 8000, jitter: 0.5 },
    });
    try {
      await r.drainOnce();
      const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { queue: q.queue } });
      expect(row).toMatchObject({ state: 'pending', attempts: 1, sentAt: null });
      expect(row.lastError).toMatch(/^ERR_PUBLISH_UNROUTABLE/);
      expect(row.availableAt.getTime()).toBe(now.getTime() + 1000);

      // Not due yet: the relay leaves it alone.
      await r.drainOnce();
      expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);

      // Due again: second failure doubles the delay (capped exponential backoff).
      now = new Date(now.getTime() + 1000);
      await r.drainOnce();
      const second = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(second).toMatchObject({ state: 'pending', attempts: 2 });
      expect(second.availableAt.getTime()).toBe(now.getTime() + 2000);

      // The subscriber deletes its queue registration: the next failure retires the row.
      await db.prisma.subscriptionQueue.delete({ where: { id: q.subscriptionQueueId } });
      now = new Date(now.getTime() + 2000);
      await r.drainOnce();
      expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
        state: 'dead',
        attempts: 3,
      });
      expect(r.metrics()).toMatchObject({ failures: 3, dead: 1, sent: 0 });
    } finally {
      await r.stop();
    }
  });

  test('an unknown vhost is a connect failure and the row is kept', async () => {
    const world = await createWorld(db.prisma);
    const q = await registerQueue(db.prisma, world.outsider.id, world.seed.offering.id, 'order');
    const row = await db.prisma.outboxMessage.create({
      data: {
        vhost: q.vhost,
        queue: q.queue,
        topic: 't',
        body: '{}',
        headers: {},
        objectType: 'order',
        subscriptionQueueId: q.subscriptionQueueId,
      },
    });
    const r = relay();
    try {
      await r.drainOnce();
    } finally {
      await r.stop();
    }
    const after = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ state: 'pending', attempts: 1 });
    expect(after.lastError).toMatch(/^ERR_PUBLISH_CONNECT/);
    await db.prisma.outboxMessage.delete({ where: { id: row.id } });
  });

  // Fails if the relay's checked-out client had no 'error' listener: PostgreSQL closing the connection while the
  // relay waits for a broker confirm (no query running) was an unhandled 'error' event that killed the process.
  test('a database connection lost while a batch waits for its confirms fails the batch, not the process', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    await recordOrders(world, 1);
    const real = new AmqpPublisher({ amqpUrl: broker.amqpUrl });
    let terminated = 0;
    const killer: MessagePublisher = {
      async publish(message: OutgoingMessage) {
        if (terminated === 0) {
          // The relay's own transaction is idle while it publishes: end that backend, as a restart would.
          const ended = await db.prisma.$queryRaw<{ pid: number }[]>`
            SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%OutboxMessage%'`;
          terminated = ended.length;
          await new Promise((resolve) => setTimeout(resolve, 300)); // the socket error arrives meanwhile
        }
        await real.publish(message);
      },
      close: () => real.close(),
    };
    const r = relay({ publisher: killer });
    try {
      await expect(r.drainOnce()).rejects.toThrow();
      expect(terminated, 'relay backends terminated').toBe(1);
      // The row was published but not marked: the next batch publishes it again (at least once) and marks it.
      await drainAll(r);
    } finally {
      await r.stop();
      await real.close();
    }
    expect(await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'pending' } })).toBe(0);
    expect((await drainQueue(broker, q.vhost, q.queue)).length).toBeGreaterThanOrEqual(1);
  });

  // Both queues live on one vhost, so their publishes share one channel with many confirms in flight: the
  // broker's basic.returns for the undeclared queue must be attributed to that queue's publishes only.
  test('pipelined batch: an undeclared queue beside a declared one fails only its own first row', async () => {
    const world = await createWorld(db.prisma);
    const good = await providerQueue(world);
    const bad = await providerQueue(world, false);
    const orderIds = await recordOrders(world, 20);
    const r = relay();
    try {
      expect(await r.drainOnce()).toBe(40);
    } finally {
      await r.stop();
    }
    expect(await db.prisma.outboxMessage.count({ where: { queue: good.queue, state: 'sent' } })).toBe(20);
    const badRows = await db.prisma.outboxMessage.findMany({
      where: { queue: bad.queue },
      orderBy: { id: 'asc' },
    });
    expect(badRows.map((x) => x.attempts)).toEqual([1, ...Array<number>(19).fill(0)]);
    expect(badRows[0]!.lastError).toMatch(/^ERR_PUBLISH_UNROUTABLE/);
    expect(badRows.every((x) => x.state === 'pending')).toBe(true);
    // Held behind the failed row: not due before it is, so they do not fill later batches.
    expect(badRows.every((x) => x.availableAt.getTime() === badRows[0]!.availableAt.getTime())).toBe(true);
    await db.prisma.outboxMessage.deleteMany({ where: { queue: bad.queue } });
    const got = await drainQueue(broker, good.vhost, good.queue);
    expect(got.map((m) => (JSON.parse(m.content.toString()) as { order_uuid: string }).order_uuid)).toEqual(
      orderIds,
    );
  });

  test('pipelined batch: rows confirmed behind a failed row of their queue stay pending and go again after it', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    const orderIds = await recordOrders(world, 6);
    const real = new AmqpPublisher({ amqpUrl: broker.amqpUrl });
    let calls = 0;
    const thirdFails: MessagePublisher = {
      publish: (m) => {
        calls += 1;
        return calls === 3 ? Promise.reject(new PublishError('ERR_PUBLISH_NACK', 'nacked')) : real.publish(m);
      },
      close: () => Promise.resolve(),
    };
    let now = new Date();
    const options = { clock: () => now, random: () => 0, backoff: { baseMs: 1000 } };
    const failing = relay({ ...options, publisher: thirdFails });
    const healthy = relay({ ...options, publisher: real });
    try {
      await failing.drainOnce();
      const rows = await db.prisma.outboxMessage.findMany({
        where: { queue: q.queue },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((x) => [x.state, x.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
        ['pending', 1],
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
      ]);
      await healthy.drainOnce();
      expect(await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'sent' } })).toBe(2);
      now = new Date(now.getTime() + 1000);
      await drainAll(healthy);
    } finally {
      await failing.stop();
      await healthy.stop();
      await real.close();
    }
    expect(await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'sent' } })).toBe(6);
    const got = await drainQueue(broker, q.vhost, q.queue);
    const seen = got.map((m) => (JSON.parse(m.content.toString()) as { order_uuid: string }).order_uuid);
    // The first pass delivered 1, 2, 4, 5, 6 (already in flight when 3 failed); the retry delivers 3…6 in order.
    const [o1, o2, o3, o4, o5, o6] = orderIds;
    expect(seen).toEqual([o1, o2, o4, o5, o6, o3, o4, o5, o6]);
  });

  // The background loop claims the next batch while one waits for its confirms. Here the first batch's second row
  // is nacked only once the next batch's first row went out, which happens only if the batches overlap: the later
  // batch must then hold every row of that queue (confirmed or not), and all of them go again, in order, after it.
  test("overlapping batches: a failure in a batch holds the next batch's rows of its queue", async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    await recordOrders(world, 6);
    const ids = (
      await db.prisma.outboxMessage.findMany({ where: { queue: q.queue }, orderBy: { id: 'asc' } })
    ).map((x) => x.id);
    const real = new AmqpPublisher({ amqpUrl: broker.amqpUrl });
    const bodies = new Map(
      (await db.prisma.outboxMessage.findMany({ where: { queue: q.queue } })).map((x) => [x.body, x.id]),
    );
    const { publisher: secondFailsLate, overlapped: overlap } = nackLate(real, { nack: 2, after: 4 });
    let now = new Date();
    const options = { clock: () => now, random: () => 0, backoff: { baseMs: 1000 }, pollIntervalMs: 20 };
    const r = relay({ ...options, publisher: secondFailsLate, batchSize: 3 });
    const states = async () =>
      (await db.prisma.outboxMessage.findMany({ where: { queue: q.queue }, orderBy: { id: 'asc' } })).map(
        (x) => [x.state, x.attempts, x.availableAt.getTime()] as const,
      );
    try {
      await r.start();
      expect(await overlap, 'the next batch was published while the first waited for its confirms').toBe(
        true,
      );
      await waitFor(
        'the first two batches settled',
        async () => r.metrics().batches >= 2 && (await states())[0]?.[0] === 'sent',
        { timeoutMs: 10_000 },
      );
      const after = await states();
      const failedUntil = after[1]?.[2];
      expect(after.map(([state, attempts]) => [state, attempts])).toEqual([
        ['sent', 1],
        ['pending', 1],
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
        ['pending', 0],
      ]);
      // The held rows (the next batch's too) wait out the failed row's backoff instead of being claimed again.
      expect(after.slice(2).every(([, , at]) => at === failedUntil)).toBe(true);
      now = new Date(now.getTime() + 1000);
      r.poke();
      await waitFor(
        'every row sent after the backoff',
        async () =>
          (await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'sent' } })) === ids.length,
        { timeoutMs: 10_000 },
      );
    } finally {
      await r.stop();
      await real.close();
    }
    const got = await drainQueue(broker, q.vhost, q.queue);
    const seen = got.map((m) => bodies.get(m.content.toString()));
    const [r1, r2, r3, r4, r5, r6] = ids;
    // First pass: 1, 3 (batch one; 2 was nacked), 4, 5, 6 (batch two); then 2…6 again, in order.
    expect(seen).toEqual([r1, r3, r4, r5, r6, r2, r3, r4, r5, r6]);
  });

  // Three batches open at once: the third is claimed before the first has settled, so the first's failure reaches
  // it even though the batch between them has no row of that queue.
  test("overlapping batches: a failure holds a later batch's rows of its queue across a batch without them", async () => {
    const a = await createWorld(db.prisma);
    const b = await createWorld(db.prisma);
    const qa = await providerQueue(a);
    const qb = await providerQueue(b);
    await recordOrders(a, 2);
    await recordOrders(b, 2);
    await recordOrders(a, 2);
    const rowsOf = async (queue: string) =>
      db.prisma.outboxMessage.findMany({ where: { queue }, orderBy: { id: 'asc' } });
    const idOfBody = new Map(
      [...(await rowsOf(qa.queue)), ...(await rowsOf(qb.queue))].map((x) => [x.body, x.id]),
    );
    const real = new AmqpPublisher({ amqpUrl: broker.amqpUrl });
    const { publisher: secondFailsLate, overlapped: overlap } = nackLate(real, { nack: 2, after: 5 });
    let now = new Date();
    const options = { clock: () => now, random: () => 0, backoff: { baseMs: 1000 }, pollIntervalMs: 20 };
    const r = relay({ ...options, publisher: secondFailsLate, batchSize: 2, overlap: 3 });
    try {
      await r.start();
      expect(await overlap, 'the third batch was published while the first waited').toBe(true);
      await waitFor('the three batches settled', () => r.metrics().batches >= 3, { timeoutMs: 10_000 });
      expect((await rowsOf(qa.queue)).map((x) => [x.state, x.attempts])).toEqual([
        ['sent', 1],
        ['pending', 1],
        ['pending', 0],
        ['pending', 0],
      ]);
      expect((await rowsOf(qb.queue)).map((x) => x.state)).toEqual(['sent', 'sent']);
      now = new Date(now.getTime() + 1000);
      r.poke();
      await waitFor(
        'queue a sent after the backoff',
        async () => (await rowsOf(qa.queue)).every((x) => x.state === 'sent'),
        { timeoutMs: 10_000 },
      );
    } finally {
      await r.stop();
      await real.close();
    }
    const [a1, a2, a3, a4] = (await rowsOf(qa.queue)).map((x) => x.id);
    const seen = (await drainQueue(broker, qa.vhost, qa.queue)).map((m) =>
      idOfBody.get(m.content.toString()),
    );
    expect(seen).toEqual([a1, a3, a4, a2, a3, a4]);
    expect(await drainQueue(broker, qb.vhost, qb.queue)).toHaveLength(2);
  });

  test('two relays on one database never publish the same row twice', async () => {
    const world = await createWorld(db.prisma);
    const q = await providerQueue(world);
    const orderIds = await recordOrders(world, 40);

    const published: string[][] = [[], []];
    const counting = (i: number): MessagePublisher => {
      const inner = new AmqpPublisher({ amqpUrl: broker.amqpUrl });
      return {
        publish: async (m: OutgoingMessage) => {
          await inner.publish(m);
          published[i]!.push(m.body);
        },
        close: () => inner.close(),
      };
    };
    const pubA = counting(0);
    const pubB = counting(1);
    const a = relay({ publisher: pubA, batchSize: 3 });
    const b = relay({ publisher: pubB, batchSize: 3 });
    try {
      await Promise.all([drainCompeting(a, q.queue), drainCompeting(b, q.queue)]);
    } finally {
      await a.stop();
      await b.stop();
      await pubA.close();
      await pubB.close();
    }
    const all = [...published[0]!, ...published[1]!];
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    // Both relays took part (otherwise the test proves nothing about locking).
    expect(published[0]!.length).toBeGreaterThan(0);
    expect(published[1]!.length).toBeGreaterThan(0);
    const got = await drainQueue(broker, q.vhost, q.queue);
    // One queue, two relays: still exactly the commit order.
    expect(got.map((m) => (JSON.parse(m.content.toString()) as { order_uuid: string }).order_uuid)).toEqual(
      orderIds,
    );
    expect(
      await db.prisma.outboxMessage.count({ where: { queue: q.queue, state: 'sent', attempts: 1 } }),
    ).toBe(40);
  });
});
