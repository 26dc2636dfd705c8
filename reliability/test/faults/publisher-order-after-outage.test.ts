// Per-queue commit order survives a broker outage. The site agent applies user_role messages by their `granted`
// flag, so a revoke overtaken by the grant before it would leave the user in the SLURM account (the fault suite
// saw exactly this once under broker SIGKILL, with a relay that gave every failed row its own jittered backoff and
// then sent whatever was due). Stream: one member's role toggled 20 times while the publisher cannot reach the
// broker (connections reset at once), then the broker is back; the queue must hold the 20 messages in commit
// order (granted true, false, true, …).
// Fails if the outbox relay lets a younger row of a queue overtake an older pending one after a failure.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { brokerFromEnv, createManagementClient, type BrokerEndpoints } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi, okApi, registerAgentQueue, type StompCredentials } from '../../src/harness/inject-rest.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { TcpProxy } from '../../src/harness/tcp-proxy.js';
import { waitFor } from '../../src/harness/wait-for.js';

const hex = (): string => randomUUID().replaceAll('-', '');
const TOGGLES = 20;

let broker: BrokerEndpoints;
let proxy: TcpProxy;
let publisher: InProcessPublisher;
let queue: StompCredentials;
let memberId: string;

beforeAll(async () => {
  broker = brokerFromEnv();
  proxy = await TcpProxy.start(Number(new URL(broker.amqpUrl).port));
  const viaProxy = new URL(broker.amqpUrl);
  viaProxy.port = String(proxy.port);
  publisher = await startInProcessPublisher({
    broker: { ...broker, amqpUrl: viaProxy.toString().replace(/\/$/, '') },
    worlds: ['ord-'],
    embeddedDir: join(DATA_ROOT, 'faults', 'order-pg'),
  });
  const world = publisher.world('ord-');
  const prisma = publisher.db.prisma;
  // A site-agent resource in the team project makes its role changes `user_role` events of the offering.
  await prisma.resource.create({
    data: {
      id: hex(),
      name: 'team',
      slug: `team-${randomBytes(2).toString('hex')}`,
      offeringId: world.offeringId,
      projectId: world.teamProjectId,
      state: 'OK',
      backendId: 'hpc_team',
    },
  });
  memberId = hex();
  const now = new Date();
  await prisma.user.create({
    data: {
      id: memberId,
      username: 'toggler',
      email: 'toggler@example.com',
      firstName: 'T',
      lastName: 'T',
      token: randomBytes(20).toString('hex'),
      createdAt: now,
      modified: now,
    },
  });
  queue = await registerAgentQueue(publisher.app, world.ownerToken, world.offeringId, 'user_role');
});

afterAll(async () => {
  const world = publisher.world('ord-');
  await callApi(
    publisher.app,
    'DELETE',
    `/api/event-subscriptions/${queue.subscriptionUuid}/`,
    world.ownerToken,
  );
  await publisher.close();
  await proxy.close();
});

describe('publisher order per queue after a broker outage', () => {
  test('a member toggled during an outage: the queue holds the messages in commit order', async () => {
    const world = publisher.world('ord-');
    proxy.refuse();
    const expected: boolean[] = [];
    for (let i = 0; i < TOGGLES; i += 1) {
      const granted = i % 2 === 0;
      await okApi(
        publisher.app,
        'POST',
        `/api/projects/${world.teamProjectId}/${granted ? 'add_user' : 'delete_user'}/`,
        world.staffToken,
        {
          role: 'PROJECT.MEMBER',
          user: `${publisher.url}/api/users/${memberId}/`,
        },
      );
      expected.push(granted);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // Let the relay fail a few rounds (rows collect different attempt counts and jitter), then the broker returns.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    proxy.restore();
    await waitFor(
      'every outbox row to be published',
      async () =>
        (await publisher.db.prisma.outboxMessage.count({
          where: { queue: queue.queue, state: 'pending' },
        })) === 0,
      {
        timeoutMs: 90_000,
        lastSeen: () =>
          publisher.db.prisma.outboxMessage.findMany({
            where: { queue: queue.queue },
            select: { id: true, state: true, attempts: true, lastError: true, availableAt: true },
          }),
      },
    );
    const management = createManagementClient(broker);
    const messages = await management.getMessages(queue.vhost, queue.queue, {
      count: 100,
      ackmode: 'ack_requeue_false',
    });
    const order = messages.map((m) => (JSON.parse(m.payload) as { granted: boolean }).granted);
    expect(order.length).toBe(TOGGLES);
    expect(order, 'granted flags in the order the queue delivers them').toEqual(expected);
  });
});
