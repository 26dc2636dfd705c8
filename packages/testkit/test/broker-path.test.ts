// The product's whole broker path against a real RabbitMQ: provisioning through the management API the
// way Waldur does, a persistent confirmed AMQP publish with Waldur's headers, a STOMP consumer over
// Web-STOMP as the subscription's own user with client-individual acks, dead-lettering with Waldur's
// queue arguments, and vhost isolation.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IMessage } from '@stomp/stompjs';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildMessage,
  DEAD_LETTER_QUEUE,
  SUBSCRIPTION_QUEUE_ARGUMENTS,
  toHex,
  type BuiltMessage,
} from '@waldur-sim/protocol';
import {
  connectStomp,
  createManagementClient,
  StompConnectError,
  type ManagementClient,
} from '../src/index.js';

const broker = inject('broker');

function amqpUrlFor(user: string, password: string, vhost: string): string {
  const url = new URL(broker.amqpUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.href;
}

/** stompjs types headers as the class StompHeaders; a plain record is what it really takes. */
function subscribeHeaders(headers: Record<string, string>): Record<string, string> {
  return headers;
}

function nextMessage(received: IMessage[], waiters: ((m: IMessage) => void)[]): Promise<IMessage> {
  const ready = received.shift();
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise((resolve) => waiters.push(resolve));
}

describe('broker path: management API -> AMQP confirm -> Web-STOMP consumer', () => {
  // Waldur's naming: vhost = the subscribing user's UUID hex, RabbitMQ user = the subscription's UUID hex.
  const vhost = toHex(randomUUID());
  const user = toHex(randomUUID());
  const password = randomBytes(18).toString('base64url');
  const otherVhost = `testkit-other-${randomBytes(6).toString('hex')}`;
  const offeringUuid = toHex(randomUUID());

  let management: ManagementClient;
  let publisherConnection: ChannelModel;
  let channel: ConfirmChannel;

  function message(orderUuid: string): BuiltMessage {
    return buildMessage({
      vhost,
      subscriptionUuid: user,
      offeringUuid,
      objectType: 'order',
      payload: {
        order_uuid: orderUuid,
        customer_name: 'Café «Ω» 🚀',
        order_state: 'executing',
        order_type: 'Create',
      },
    });
  }
  const queue = message(toHex(randomUUID())).queue;

  async function publishConfirmed(built: BuiltMessage): Promise<void> {
    // What Waldur's STOMP SEND turns into inside RabbitMQ: persistent, content-type as a property,
    // its other SEND headers in the headers table.
    const { persistent, 'content-type': contentType, ...headers } = built.headers;
    expect(persistent).toBe('true');
    channel.sendToQueue(built.queue, Buffer.from(built.body), { persistent: true, contentType, headers });
    await channel.waitForConfirms();
  }

  beforeAll(async () => {
    management = createManagementClient(broker);
    expect(await management.putVhost(vhost)).toBe(true);
    expect(await management.putVhost(otherVhost)).toBe(true);
    await management.putUser(user, password);
    await management.setPermissions(vhost, user, { configure: '.*', write: '.*', read: '.*' });
    await management.putQueue(vhost, DEAD_LETTER_QUEUE, { durable: true });
    await management.putQueue(vhost, queue, {
      durable: true,
      autoDelete: false,
      arguments: SUBSCRIPTION_QUEUE_ARGUMENTS,
    });

    // Waldur publishes with the admin credentials into the subscriber's vhost.
    publisherConnection = await connect(amqpUrlFor(broker.adminUser, broker.adminPassword, vhost));
    channel = await publisherConnection.createConfirmChannel();
  });

  afterAll(async () => {
    await publisherConnection.close();
    await management.deleteUser(user);
    await management.deleteVhost(vhost);
    await management.deleteVhost(otherVhost);
  });

  it('provisions the vhost, the user limited to it and the queues with Waldur arguments', async () => {
    const info = await management.getQueue(vhost, queue);
    expect(info).toMatchObject({ name: queue, vhost, durable: true, auto_delete: false });
    expect(info?.arguments).toEqual({ ...SUBSCRIPTION_QUEUE_ARGUMENTS });
    expect(await management.getQueue(vhost, DEAD_LETTER_QUEUE)).toMatchObject({
      durable: true,
      arguments: {},
    });
    expect(await management.getPermissions(vhost, user)).toEqual({
      configure: '.*',
      write: '.*',
      read: '.*',
    });
    expect(await management.getPermissions(otherVhost, user)).toBeUndefined();
    expect(await management.listVhostPermissions(otherVhost)).not.toContain(user);
  });

  it('delivers a confirmed persistent message to the user over Web-STOMP with body and headers intact', async () => {
    const built = message(toHex(randomUUID()));
    await publishConfirmed(built);
    // Confirmed and not yet consumed: the durable queue holds it.
    expect((await channel.checkQueue(queue)).messageCount).toBe(1);

    const client = await connectStomp({ url: broker.webStompUrl, login: user, passcode: password, vhost });
    try {
      const received: IMessage[] = [];
      const waiters: ((m: IMessage) => void)[] = [];
      client.subscribe(
        built.destination,
        (m) => {
          const waiter = waiters.shift();
          if (waiter === undefined) received.push(m);
          else waiter(m);
        },
        subscribeHeaders({ ack: 'client-individual', 'prefetch-count': '10' }),
      );
      const got = await nextMessage(received, waiters);

      expect(got.body).toBe(built.body);
      expect(Object.keys(JSON.parse(got.body) as object).at(-1)).toBe('offering_uuid');
      expect(got.headers).toMatchObject({
        'content-type': 'application/json',
        persistent: 'true',
        durable: 'true',
        'auto-delete': 'false',
        'x-message-id': built.headers['x-message-id'],
        destination: `/queue/${queue}`,
        redelivered: 'false',
      });
      expect(built.headers['x-message-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(got.headers.ack).toBeTruthy();

      // ACK with a receipt: once the broker confirms it, the message is gone for good.
      const receipt = `ack-${randomBytes(4).toString('hex')}`;
      const acked = new Promise<void>((resolve) => {
        client.watchForReceipt(receipt, () => {
          resolve();
        });
      });
      got.ack(subscribeHeaders({ receipt }));
      await acked;
    } finally {
      await client.deactivate();
    }
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    expect(await management.getMessages(vhost, DEAD_LETTER_QUEUE, { count: 1 })).toEqual([]);
  });

  it('dead-letters a message the consumer rejects into waldur.dlq.messages (SUBSCRIPTION_QUEUE_ARGUMENTS at work)', async () => {
    const built = message(toHex(randomUUID()));
    await publishConfirmed(built);
    const client = await connectStomp({ url: broker.webStompUrl, login: user, passcode: password, vhost });
    try {
      const received: IMessage[] = [];
      const waiters: ((m: IMessage) => void)[] = [];
      client.subscribe(
        built.destination,
        (m) => {
          const waiter = waiters.shift();
          if (waiter === undefined) received.push(m);
          else waiter(m);
        },
        subscribeHeaders({ ack: 'client-individual' }),
      );
      const got = await nextMessage(received, waiters);
      expect(got.body).toBe(built.body);
      const receipt = `nack-${randomBytes(4).toString('hex')}`;
      const nacked = new Promise<void>((resolve) => {
        client.watchForReceipt(receipt, () => {
          resolve();
        });
      });
      got.nack(subscribeHeaders({ requeue: 'false', receipt }));
      await nacked;
    } finally {
      await client.deactivate();
    }
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    const [dead] = await management.getMessages(vhost, DEAD_LETTER_QUEUE, {
      count: 1,
      ackmode: 'ack_requeue_false',
    });
    expect(dead?.payload).toBe(built.body);
    expect(dead?.properties.headers?.['x-message-id']).toBe(built.headers['x-message-id']);
    expect(dead?.properties.headers?.['x-first-death-queue']).toBe(queue);
    expect(dead?.properties.headers?.['x-first-death-reason']).toBe('rejected');
  });

  it('lets the user in to its own vhost only (STOMP ERROR and AMQP refusal elsewhere)', async () => {
    const own = await connect(amqpUrlFor(user, password, vhost));
    await own.close();

    const refused = connectStomp({
      url: broker.webStompUrl,
      login: user,
      passcode: password,
      vhost: otherVhost,
    });
    await expect(refused).rejects.toBeInstanceOf(StompConnectError);
    await expect(refused).rejects.toMatchObject({
      code: 'STOMP_CONNECT_FAILED',
      frameHeaders: { message: 'Bad CONNECT' },
      frameBody: expect.stringContaining(`'${otherVhost}' access denied`),
    });
    // A vhost refusal comes after the login: the server closes the connection instead of opening the vhost.
    await expect(connect(amqpUrlFor(user, password, otherVhost))).rejects.toThrow(
      /ConnectionOpenOk; got <ConnectionClose/,
    );

    const wrongPassword = connectStomp({
      url: broker.webStompUrl,
      login: user,
      passcode: `${password}x`,
      vhost,
    });
    await expect(wrongPassword).rejects.toMatchObject({
      frameBody: expect.stringContaining('Access refused'),
    });
    await expect(connect(amqpUrlFor(user, `${password}x`, vhost))).rejects.toThrow(/ACCESS_REFUSED/);
  });
});
