// A full broker restart while the agent consumes: on a PRIVATE RabbitMQ node of this test (testkit LocalBroker,
// own name, ports and data dir — the run's shared broker is untouched). Messages queued before the stop, the one
// in flight when it died, and messages published after the restart are all processed; nothing is lost, and the
// consumer reconnects and resubscribes on its own.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBroker } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StompConsumer } from '../src/stomp/stomp-consumer.js';
import { createBrokerFixture, type BrokerFixture } from './helpers/broker-fixture.js';
import { waitFor } from '@waldur-sim/harness';
import { freePort } from '@waldur-sim/harness';
import { orderBody, startTestConsumer, testLog, uuidOf } from './helpers/test-consumer.js';

const dataDir = join(tmpdir(), `agent-restart-broker-${randomUUID().slice(0, 8)}`);
let node: LocalBroker;
let fixture: BrokerFixture | null = null;
let consumer: StompConsumer | null = null;

beforeAll(async () => {
  const [amqpPort, managementPort, stompPort, webStompPort, distPort, epmdPort] = await Promise.all(
    Array.from({ length: 6 }, () => freePort()),
  );
  node = new LocalBroker(
    {
      dataDir,
      nodeName: `agentrst${randomUUID().slice(0, 6)}@localhost`,
      amqpPort: amqpPort ?? 0,
      managementPort: managementPort ?? 0,
      stompPort: stompPort ?? 0,
      webStompPort: webStompPort ?? 0,
      distPort: distPort ?? 0,
      epmdPort: epmdPort ?? 0,
    },
    { logger: testLog },
  );
  await node.start();
}, 180_000);

afterAll(async () => {
  await consumer?.stop(5000);
  await fixture?.cleanup().catch(() => undefined);
  await node.stop().catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
}, 180_000);

describe('broker restart', () => {
  it('loses nothing: queued, in-flight and later messages are all processed after the broker comes back', async () => {
    const f = (fixture = await createBrokerFixture('order', node.endpoints));
    const handled: string[] = [];
    let hold: (() => void) | null = null;
    const c = (consumer = startTestConsumer(f, async (m) => {
      if (m.order_uuid === uuidOf(2) && hold === null) {
        // The first delivery of message 2 stays in flight across the broker stop.
        await new Promise<void>((resolve) => {
          hold = resolve;
        });
        return;
      }
      handled.push(m.order_uuid);
    }));
    await c.waitConnected();
    await f.publish(orderBody(1), { 'x-message-id': 'r1' });
    await f.publish(orderBody(2), { 'x-message-id': 'r2' });
    await f.publish(orderBody(3), { 'x-message-id': 'r3' });
    await waitFor('message 2 in flight', () => hold !== null, { timeoutMs: 15_000 });

    await node.stop();
    (hold as (() => void) | null)?.();
    await waitFor('disconnect noticed', () => c.currentState !== 'connected', { timeoutMs: 30_000 });
    await node.start();

    await waitFor('reconnected after restart', () => c.counters.connects >= 2, { timeoutMs: 60_000 });
    await f.publish(orderBody(4), { 'x-message-id': 'r4' });
    await waitFor('all messages processed', () => [2, 3, 4].every((n) => handled.includes(uuidOf(n))), {
      timeoutMs: 30_000,
    });
    expect(handled).toContain(uuidOf(1));
    expect(c.counters.subscriptions).toBeGreaterThanOrEqual(2);
    await c.stop(5000);
    expect(await f.depth()).toBe(0);
    expect(await f.drainDeadLetters()).toEqual([]);
  });
});
