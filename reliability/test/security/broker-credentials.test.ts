// A subscription's RabbitMQ user (made through the publisher's REST API exactly as a site agent makes it) may
// use its own Waldur user's vhost and nothing else; a wrong passcode is refused; deleting the subscription
// revokes the broker access, for new logins and for a connection that is already open.
import type { Client, IMessage } from '@stomp/stompjs';
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  brokerFromEnv,
  connectStomp,
  createManagementClient,
  type BrokerEndpoints,
  type ManagementClient,
} from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi, registerAgentQueue, type StompCredentials } from '../../src/harness/inject-rest.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { waitFor } from '../../src/harness/wait-for.js';

let broker: BrokerEndpoints;
let management: ManagementClient;
let publisher: InProcessPublisher;
let alice: StompCredentials;
let bob: StompCredentials;
const clients: Client[] = [];

function stomp(
  creds: StompCredentials,
  overrides: { vhost?: string; passcode?: string } = {},
): Promise<Client> {
  return connectStomp({
    url: broker.webStompUrl,
    login: creds.login,
    passcode: overrides.passcode ?? creds.passcode,
    vhost: overrides.vhost ?? creds.vhost,
    heartbeatMs: 0,
    timeoutMs: 8000,
  }).then((c) => {
    clients.push(c);
    return c;
  });
}

function amqpLogin(
  creds: StompCredentials,
  overrides: { vhost?: string; passcode?: string } = {},
): Promise<amqp.ChannelModel> {
  const url = new URL(broker.amqpUrl);
  return amqp.connect({
    protocol: 'amqp',
    hostname: url.hostname,
    port: Number(url.port),
    username: creds.login,
    password: overrides.passcode ?? creds.passcode,
    vhost: overrides.vhost ?? creds.vhost,
  });
}

async function adminPublish(vhost: string, queue: string, body: string): Promise<void> {
  const url = new URL(broker.amqpUrl);
  const conn = await amqp.connect({
    protocol: 'amqp',
    hostname: url.hostname,
    port: Number(url.port),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    vhost,
  });
  const ch = await conn.createConfirmChannel();
  ch.sendToQueue(queue, Buffer.from(body), { persistent: true });
  await ch.waitForConfirms();
  await conn.close();
}

async function depth(vhost: string, queue: string): Promise<number> {
  return (await management.getMessages(vhost, queue, { count: 100 })).length;
}

/** Resolves with the error an AMQP operation on a fresh channel fails with (or 'ok'). */
async function channelOutcome(
  conn: amqp.ChannelModel,
  op: (ch: amqp.Channel) => Promise<unknown>,
): Promise<string> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    await op(ch);
    await ch.close();
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  broker = brokerFromEnv();
  management = createManagementClient(broker);
  publisher = await startInProcessPublisher({
    broker,
    worlds: ['sec-a-', 'sec-b-'],
    embeddedDir: join(DATA_ROOT, 'security', 'broker-pg'),
  });
  const a = publisher.world('sec-a-');
  const b = publisher.world('sec-b-');
  alice = await registerAgentQueue(publisher.app, a.ownerToken, a.offeringId, 'order');
  bob = await registerAgentQueue(publisher.app, b.ownerToken, b.offeringId, 'order');
});

afterAll(async () => {
  for (const c of clients) await c.deactivate().catch(() => undefined);
  for (const w of publisher.worlds.values()) {
    const subs = await publisher.db.prisma.eventSubscription.findMany({
      where: { userId: w.seed.provider.owner.id },
    });
    for (const s of subs)
      await callApi(publisher.app, 'DELETE', `/api/event-subscriptions/${s.id}/`, w.ownerToken);
  }
  await publisher.close();
});

describe('broker credentials of a subscription', () => {
  test('positive control: the credentials open their own vhost and read their own queue', async () => {
    expect(alice.vhost).not.toBe(bob.vhost);
    const client = await stomp(alice);
    const received: string[] = [];
    client.subscribe(`/amq/queue/${alice.queue}`, (m: IMessage) => received.push(m.body));
    await adminPublish(alice.vhost, alice.queue, 'hello alice');
    await waitFor('alice to receive her own message', () => received.includes('hello alice'), {
      timeoutMs: 10_000,
    });
  });

  // Fails if subscriptions shared a vhost or the publisher granted permissions beyond the user's own vhost.
  test("STOMP CONNECT with another user's vhost is refused", async () => {
    await expect(stomp(alice, { vhost: bob.vhost })).rejects.toThrow(/refused|access|closed/i);
    await expect(stomp(alice, { vhost: '/' })).rejects.toThrow(/refused|access|closed/i);
  });

  // Fails if the RabbitMQ password were not the user's own API token (or not checked at all).
  test('a wrong passcode is refused', async () => {
    await expect(stomp(alice, { passcode: randomBytes(20).toString('hex') })).rejects.toThrow(
      /refused|access|closed/i,
    );
    await expect(stomp(alice, { passcode: bob.passcode })).rejects.toThrow(/refused|access|closed/i);
    await expect(stomp(alice, { passcode: '' })).rejects.toThrow(/refused|access|closed/i);
    await expect(amqpLogin(alice, { passcode: bob.passcode })).rejects.toThrow(/ACCESS_REFUSED|403|refused/i);
  });

  // Fails if another user's queue were reachable from alice's vhost (shared vhost or cross-vhost permissions).
  test("STOMP SUBSCRIBE and SEND to another user's queue neither read nor change it", async () => {
    const marker = `bob-only-${randomBytes(4).toString('hex')}`;
    await adminPublish(bob.vhost, bob.queue, marker);
    const before = await depth(bob.vhost, bob.queue);
    const reader = await stomp(alice);
    const received: string[] = [];
    reader.subscribe(`/amq/queue/${bob.queue}`, (m: IMessage) => received.push(m.body));
    // RabbitMQ answers the SUBSCRIBE with an error and closes the session: bob's queue is not in alice's vhost.
    await waitFor(
      'the broker to end the session that subscribed to a foreign queue',
      () => !reader.connected,
      { timeoutMs: 10_000 },
    );
    expect(received).toEqual([]);
    const writer = await stomp(alice);
    writer.publish({ destination: `/amq/queue/${bob.queue}`, body: 'from alice' });
    writer.publish({ destination: `/queue/${bob.queue}`, body: 'from alice' });
    await sleep(1500);
    expect(await depth(bob.vhost, bob.queue)).toBe(before);
    const peek = await management.getMessages(bob.vhost, bob.queue, { count: 100 });
    expect(peek.map((m) => m.payload)).toContain(marker);
    expect(peek.map((m) => m.payload)).not.toContain('from alice');
    // `/queue/<name>` declared a same-named queue in alice's own vhost: that is all her SEND could reach.
    const own = await management.getQueue(alice.vhost, bob.queue);
    expect(own?.vhost).toBe(alice.vhost);
    await management.deleteQueue(alice.vhost, bob.queue);
  });

  // Fails if alice's RabbitMQ user had any permission on bob's vhost, or bob's queue lived in alice's vhost.
  test("AMQP: no connect to another vhost; declare, publish, consume and purge of another user's queue fail", async () => {
    // amqplib reports the broker's "NOT_ALLOWED - access to vhost refused" as a ConnectionClose during open.
    await expect(amqpLogin(alice, { vhost: bob.vhost })).rejects.toThrow(
      /ConnectionClose|access|refused|NOT_ALLOWED/i,
    );
    await expect(amqpLogin(alice, { vhost: '/' })).rejects.toThrow(
      /ConnectionClose|access|refused|NOT_ALLOWED/i,
    );
    const before = await depth(bob.vhost, bob.queue);
    const conn = await amqpLogin(alice);
    try {
      expect(await channelOutcome(conn, (ch) => ch.checkQueue(bob.queue))).toMatch(/NOT_FOUND/);
      expect(await channelOutcome(conn, (ch) => ch.purgeQueue(bob.queue))).toMatch(/NOT_FOUND/);
      expect(await channelOutcome(conn, (ch) => ch.consume(bob.queue, () => undefined))).toMatch(/NOT_FOUND/);
      // Publishing with bob's queue name only reaches alice's own vhost: the message comes back unroutable.
      const ch = await conn.createConfirmChannel();
      const returned = new Promise<boolean>((resolve) => {
        ch.once('return', () => {
          resolve(true);
        });
        setTimeout(() => {
          resolve(false);
        }, 3000);
      });
      ch.publish('', bob.queue, Buffer.from('alice writes'), { mandatory: true });
      await ch.waitForConfirms();
      expect(await returned).toBe(true);
      await ch.close();
    } finally {
      await conn.close();
    }
    expect(await depth(bob.vhost, bob.queue)).toBe(before);
  });

  // Fails if subscription users got a management tag: they could list and read every vhost over HTTP.
  test('the subscription user cannot use the management API', async () => {
    const user = createManagementClient({
      url: broker.managementUrl,
      user: alice.login,
      password: alice.passcode,
    });
    expect((await user.request('GET', '/overview')).status).toBe(401);
    expect((await user.request('GET', `/queues/${encodeURIComponent(bob.vhost)}`)).status).toBe(401);
  });

  // Fails if DELETE left the RabbitMQ user (new logins work) or an open connection kept consuming.
  test('deleting the subscription revokes broker access: the open connection is closed and new logins fail', async () => {
    const a = publisher.world('sec-a-');
    // A second subscription of the same user keeps the vhost alive, so only the deleted user's access is tested.
    const other = await registerAgentQueue(publisher.app, a.ownerToken, a.offeringId, 'user_role');
    expect(other.vhost).toBe(alice.vhost);
    const open = await stomp(alice);
    let closed = false;
    open.onWebSocketClose = () => {
      closed = true;
    };
    open.subscribe(`/amq/queue/${alice.queue}`, () => undefined);
    const del = await callApi(
      publisher.app,
      'DELETE',
      `/api/event-subscriptions/${alice.subscriptionUuid}/`,
      a.ownerToken,
    );
    expect(del.status).toBe(204);
    await expect(stomp(alice)).rejects.toThrow(/refused|access|closed/i);
    await expect(amqpLogin(alice)).rejects.toThrow(/ACCESS_REFUSED|403|refused/i);
    await waitFor(
      "the deleted subscription user's open STOMP connection to be closed",
      () => closed || !open.connected,
      {
        timeoutMs: 15_000,
      },
    );
    // The remaining subscription of the same user still works (the revocation was precise).
    await stomp(other);
  });
});
