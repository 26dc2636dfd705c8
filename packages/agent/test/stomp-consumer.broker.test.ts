// The agent's STOMP consumer against the REAL RabbitMQ (Web-STOMP): acks after the handler, dead-letters poison and
// malformed messages into waldur.dlq.messages while the stream goes on, and survives a broker-side connection kill
// by reconnecting and resubscribing without losing a message.
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageHandler } from '../src/stomp/delivery-processor.js';
import type { StompConsumer } from '../src/stomp/stomp-consumer.js';
import { createBrokerFixture, type BrokerFixture } from './helpers/broker-fixture.js';
import { waitFor } from '@waldur-sim/harness';
import { orderBody, startTestConsumer, uuidOf as uuid } from './helpers/test-consumer.js';

let fixture: BrokerFixture | null = null;
let consumer: StompConsumer | null = null;

afterEach(async () => {
  await consumer?.stop(5000);
  consumer = null;
  await fixture?.cleanup();
  fixture = null;
});

function startConsumer(f: BrokerFixture, handler: MessageHandler<'order'>, maxAttempts = 3): StompConsumer {
  consumer = startTestConsumer(f, handler, maxAttempts);
  return consumer;
}

describe('StompConsumer on a real broker', () => {
  it('consumes with the subscription credentials, processes and acks every message', async () => {
    const f = (fixture = await createBrokerFixture());
    const seen: string[] = [];
    const c = startConsumer(f, (m) => {
      seen.push(m.order_uuid);
      return Promise.resolve();
    });
    await c.waitConnected();
    for (let i = 1; i <= 5; i += 1) await f.publish(orderBody(i), { 'x-message-id': `m${String(i)}` });
    await waitFor('five messages handled', () => seen.length === 5, { timeoutMs: 15_000 });
    expect(seen).toEqual([1, 2, 3, 4, 5].map(uuid));
    // After a clean stop nothing is left unacked (unacked messages would be back in the queue).
    await c.stop(5000);
    expect(await f.depth()).toBe(0);
    expect(await f.drainDeadLetters()).toEqual([]);
  });

  it('dead-letters a poison message after bounded attempts while later messages are still processed', async () => {
    const f = (fixture = await createBrokerFixture());
    const poison = uuid(666);
    const attempts: string[] = [];
    const done: string[] = [];
    const c = startConsumer(
      f,
      (m) => {
        attempts.push(m.order_uuid);
        if (m.order_uuid === poison) return Promise.reject(new Error('handler always fails'));
        done.push(m.order_uuid);
        return Promise.resolve();
      },
      3,
    );
    await c.waitConnected();
    await f.publish(orderBody(1), { 'x-message-id': 'ok-1' });
    await f.publish(orderBody(666), { 'x-message-id': 'poison' });
    await f.publish(orderBody(2), { 'x-message-id': 'ok-2' });
    await f.publish(orderBody(3), { 'x-message-id': 'ok-3' });
    await waitFor('good messages handled', () => done.length === 3, { timeoutMs: 15_000 });
    const dead: string[] = [];
    await waitFor(
      'poison message dead-lettered',
      async () => {
        dead.push(...(await f.drainDeadLetters()));
        return dead.length > 0;
      },
      { timeoutMs: 15_000 },
    );
    expect(dead).toEqual([orderBody(666)]);
    expect(attempts.filter((a) => a === poison)).toHaveLength(3);
    expect(done.sort()).toEqual([1, 2, 3].map(uuid));
    await c.stop(5000);
    expect(await f.depth()).toBe(0);
  });

  it('dead-letters a non-JSON body and a schema-invalid body without stopping the consumer', async () => {
    const f = (fixture = await createBrokerFixture());
    const done: string[] = [];
    const c = startConsumer(f, (m) => {
      done.push(m.order_uuid);
      return Promise.resolve();
    });
    await c.waitConnected();
    await f.publish('this is not json', { 'x-message-id': 'garbage' });
    await f.publish(JSON.stringify({ order_uuid: 42 }), { 'x-message-id': 'bad-schema' });
    await f.publish(orderBody(7), { 'x-message-id': 'ok-7' });
    await waitFor('valid message handled', () => done.length === 1, { timeoutMs: 15_000 });
    const dead: string[] = [];
    await waitFor(
      'malformed messages dead-lettered',
      async () => {
        dead.push(...(await f.drainDeadLetters()));
        return dead.length === 2;
      },
      { timeoutMs: 15_000 },
    );
    expect(dead.sort()).toEqual([JSON.stringify({ order_uuid: 42 }), 'this is not json'].sort());
    expect(done).toEqual([uuid(7)]);
    expect(c.counters.connects).toBe(1);
  });

  it('reconnects and resubscribes after the broker kills the connection, losing nothing', async () => {
    const f = (fixture = await createBrokerFixture());
    const handled: { id: string; redelivered: boolean }[] = [];
    let release: (() => void) | null = null;
    const c = startConsumer(f, async (m, ctx) => {
      handled.push({ id: m.order_uuid, redelivered: ctx.headers.redelivered === 'true' });
      if (m.order_uuid === uuid(1) && release === null) {
        // Hold the first delivery in flight while the broker drops the connection.
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
    });
    await c.waitConnected();
    await f.publish(orderBody(1), { 'x-message-id': 'k1' });
    await waitFor('first message in flight', () => release !== null, { timeoutMs: 15_000 });
    expect(await f.killConnections()).toBeGreaterThan(0);
    // Published while the consumer is down or reconnecting.
    await f.publish(orderBody(2), { 'x-message-id': 'k2' });
    await waitFor('reconnected', () => c.counters.connects >= 2, { timeoutMs: 15_000 });
    (release as (() => void) | null)?.();
    await f.publish(orderBody(3), { 'x-message-id': 'k3' });
    await waitFor(
      'all handled',
      () =>
        new Set(handled.map((h) => h.id)).size === 3 && handled.filter((h) => h.id === uuid(1)).length >= 2,
      { timeoutMs: 15_000 },
    );
    // The in-flight message's ack died with its connection, so the broker redelivered it: at least once, never lost.
    expect(handled.filter((h) => h.id === uuid(1)).some((h) => h.redelivered)).toBe(true);
    expect(c.counters.subscriptions).toBeGreaterThanOrEqual(2);
    await c.stop(5000);
    expect(await f.depth()).toBe(0);
    expect(await f.drainDeadLetters()).toEqual([]);
  });
});
