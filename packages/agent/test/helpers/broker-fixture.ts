// A per-test slice of the real broker, provisioned the way Waldur does it (docs/protocol.md#broker-provisioning): a vhost named
// like a user UUID hex, an RMQ user named like a subscription UUID hex whose password is the "API token", the
// subscription queue with SUBSCRIPTION_QUEUE_ARGUMENTS, and the dead-letter queue. Publishing uses amqplib with
// publisher confirms; inspection uses AMQP and the management API.
import { randomBytes } from 'node:crypto';
import {
  DEAD_LETTER_QUEUE,
  SUBSCRIPTION_QUEUE_ARGUMENTS,
  queueName,
  type ObservableObjectType,
} from '@waldur-sim/protocol';
import {
  brokerFromEnv,
  createManagementClient,
  type BrokerEndpoints,
  type ManagementClient,
} from '@waldur-sim/testkit';
import { waitFor } from '@waldur-sim/harness';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

export interface BrokerFixture {
  readonly vhost: string;
  readonly login: string;
  readonly passcode: string;
  readonly queue: string;
  readonly webStompUrl: string;
  readonly management: ManagementClient;
  publish(body: string, headers?: Record<string, string>): Promise<void>;
  /** Ready messages in the subscription queue. */
  depth(): Promise<number>;
  /** Drains the dead-letter queue and returns the bodies. */
  drainDeadLetters(): Promise<string[]>;
  /** Deletes every broker connection of the subscription user (management API), returns how many. */
  killConnections(): Promise<number>;
  cleanup(): Promise<void>;
}

const hex = (): string => randomBytes(16).toString('hex');

export async function createBrokerFixture(
  objectType: ObservableObjectType = 'order',
  endpoints: BrokerEndpoints = brokerFromEnv(),
): Promise<BrokerFixture> {
  const management = createManagementClient(endpoints);
  const vhost = hex();
  const login = hex();
  const passcode = `token-${hex()}`;
  const queue = queueName({ subscriptionUuid: login, offeringUuid: hex(), objectType });
  await management.putVhost(vhost);
  await management.putUser(login, passcode);
  await management.setPermissions(vhost, login);
  await management.setPermissions(vhost, endpoints.adminUser);
  await management.putQueue(vhost, queue, {
    durable: true,
    autoDelete: false,
    arguments: SUBSCRIPTION_QUEUE_ARGUMENTS,
  });
  await management.putQueue(vhost, DEAD_LETTER_QUEUE, { durable: true, autoDelete: false });

  const url = new URL(endpoints.amqpUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  // (Re)opened on demand, so a test can keep publishing after a broker restart.
  let open: { connection: ChannelModel; channel: ConfirmChannel } | null = null;
  const channelFor = async (): Promise<ConfirmChannel> => {
    if (open !== null) return open.channel;
    const connection = await amqp.connect(url.toString());
    const channel = await connection.createConfirmChannel();
    const current = { connection, channel };
    const drop = (): void => {
      if (open === current) open = null;
    };
    connection.on('close', drop);
    connection.on('error', drop);
    channel.on('close', drop);
    open = current;
    return channel;
  };

  return {
    vhost,
    login,
    passcode,
    queue,
    webStompUrl: endpoints.webStompUrl,
    management,
    async publish(body, headers = {}) {
      const channel = await channelFor();
      await new Promise<void>((resolve, reject) => {
        channel.sendToQueue(
          queue,
          Buffer.from(body),
          { persistent: true, contentType: 'application/json', headers },
          (err) => {
            if (err === null || err === undefined) resolve();
            else reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    },
    async depth() {
      return (await (await channelFor()).checkQueue(queue)).messageCount;
    },
    async drainDeadLetters() {
      const channel = await channelFor();
      const bodies: string[] = [];
      for (;;) {
        const msg = await channel.get(DEAD_LETTER_QUEUE, { noAck: true });
        if (msg === false) return bodies;
        bodies.push(msg.content.toString());
      }
    },
    async killConnections() {
      // Management stats list a new connection only after the next collection (up to ~5 s): poll.
      let list: { name: string; user: string; vhost: string }[] = [];
      await waitFor(
        'broker connection listed by the management API',
        async () => {
          const res = await management.request('GET', '/connections?columns=name,user,vhost');
          list = (res.body as typeof list).filter((c) => c.user === login && c.vhost === vhost);
          return list.length > 0;
        },
        { timeoutMs: 20_000 },
      );
      for (const c of list) await management.request('DELETE', `/connections/${encodeURIComponent(c.name)}`);
      return list.length;
    },
    async cleanup() {
      await open?.channel.close().catch(() => undefined);
      await open?.connection.close().catch(() => undefined);
      await management.deleteVhost(vhost);
      await management.deleteUser(login);
    },
  };
}
