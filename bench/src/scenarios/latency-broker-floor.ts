// The broker-only floor of the notification latency: a persistent message published with amqplib (as the relay
// does) into a durable queue shaped like a subscriber queue, received by a bare @stomp/stompjs client over
// Web-STOMP (as the agent does), in this one process. Whatever the publisher and agent add lies above it.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, StompHeaders } from '@stomp/stompjs';
import amqp from 'amqplib';
import WebSocket from 'ws';
import { SUBSCRIPTION_QUEUE_ARGUMENTS } from '@waldur-sim/protocol';
import { createManagementClient, type BrokerEndpoints } from '@waldur-sim/testkit';
import { amqpConnectOptions } from '../amqp-connect-options.js';
import { BenchError } from '../bench-error.js';
import { sleep } from '../clock.js';

const QUEUE = 'bench-notify-floor';

/** Publish → STOMP delivery, ms, one message at a time with a pause like the notification samples. */
export async function measureBrokerNotifyFloor(broker: BrokerEndpoints, samples: number): Promise<number[]> {
  const vhost = `bench-floor-${randomUUID()}`;
  const management = createManagementClient(broker);
  await management.putVhost(vhost);
  await management.setPermissions(vhost, broker.adminUser);
  const conn = await amqp.connect(amqpConnectOptions(broker.amqpUrl, vhost));
  const client = new Client();
  try {
    const channel = await conn.createConfirmChannel();
    await channel.assertQueue(QUEUE, { durable: true, arguments: { ...SUBSCRIPTION_QUEUE_ARGUMENTS } });
    let arrived: ((at: number) => void) | null = null;
    client.webSocketFactory = () =>
      new WebSocket(broker.webStompUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
    const connectHeaders = new StompHeaders();
    connectHeaders.login = broker.adminUser;
    connectHeaders.passcode = broker.adminPassword;
    connectHeaders.host = vhost;
    client.connectHeaders = connectHeaders;
    client.reconnectDelay = 0;
    client.debug = () => undefined;
    await new Promise<void>((resolve, reject) => {
      client.onStompError = (frame) => {
        reject(new BenchError('BROKER', `STOMP ERROR ${frame.headers.message ?? ''}`));
      };
      client.onConnect = () => {
        const headers = new StompHeaders();
        headers.ack = 'client-individual';
        headers['prefetch-count'] = '1';
        headers.id = 'floor';
        client.subscribe(
          `/amq/queue/${QUEUE}`,
          (message) => {
            const at = performance.now();
            message.ack();
            arrived?.(at);
          },
          headers,
        );
        resolve();
      };
      client.activate();
    });
    const body = Buffer.from(
      JSON.stringify({ order_uuid: randomUUID().replaceAll('-', ''), order_state: 'done' }),
    );
    const out: number[] = [];
    for (let i = 0; i < samples + 3; i += 1) {
      const received = new Promise<number>((resolve) => (arrived = resolve));
      const t0 = performance.now();
      channel.sendToQueue(QUEUE, body, { persistent: true, contentType: 'application/json' });
      const at = await Promise.race([received, sleep(15_000).then(() => Number.NaN)]);
      if (Number.isNaN(at)) throw new BenchError('WAIT_TIMEOUT', 'broker floor: no STOMP delivery in 15 s');
      if (i >= 3) out.push(at - t0);
      await sleep(60 + Math.random() * 40);
    }
    return out;
  } finally {
    await client.deactivate().catch(() => undefined);
    await conn.close().catch(() => undefined);
    await management.deleteVhost(vhost).catch(() => undefined);
  }
}
