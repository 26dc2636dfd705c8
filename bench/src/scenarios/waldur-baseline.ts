// The design the publisher replaces (docs/sources.md#waldur-style-publishing-baseline): Waldur's publisher opens a new STOMP connection for
// every message (CONNECT, SEND, DISCONNECT with receipt) to the broker's STOMP TCP port. Reproduced with
// @stomp/stompjs over @stomp/tcp-wrapper as shipped (Nagle's algorithm on), plus the same with TCP_NODELAY to show
// where the time goes. Messages are Waldur's (protocol buildMessage: body and SEND headers) into queues with
// Waldur's arguments, in a vhost of the benchmark's own.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { Client, StompHeaders } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { buildMessage, SUBSCRIPTION_QUEUE_ARGUMENTS, DEAD_LETTER_QUEUE } from '@waldur-sim/protocol';
import { createManagementClient } from '@waldur-sim/testkit';
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';

class NoDelayTcpWrapper extends TCPWrapper {
  protected override getSocket(port: number, host: string): Socket {
    const socket = super.getSocket(port, host);
    socket.setNoDelay(true);
    return socket;
  }
}

const hex = (): string => randomBytes(16).toString('hex');

interface Target {
  readonly destination: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** One message, one connection: resolves with the wall time from `new Client` to DISCONNECT's receipt. */
async function publishOnce(
  host: string,
  port: number,
  vhost: string,
  login: string,
  passcode: string,
  target: Target,
  noDelay: boolean,
): Promise<number> {
  const t0 = performance.now();
  const client = new Client();
  client.webSocketFactory = () => (noDelay ? new NoDelayTcpWrapper(host, port) : new TCPWrapper(host, port));
  const connectHeaders = new StompHeaders();
  connectHeaders.login = login;
  connectHeaders.passcode = passcode;
  connectHeaders.host = vhost;
  client.connectHeaders = connectHeaders;
  client.heartbeatIncoming = 10_000;
  client.heartbeatOutgoing = 10_000;
  client.reconnectDelay = 0;
  client.debug = () => undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new BenchError('WAIT_TIMEOUT', 'no CONNECTED from the STOMP port within 10 s'));
    }, 10_000);
    client.onConnect = () => {
      clearTimeout(timer);
      resolve();
    };
    client.onStompError = (frame) => {
      clearTimeout(timer);
      reject(new BenchError('BROKER', `STOMP ERROR: ${frame.headers.message ?? ''} ${frame.body}`));
    };
    client.activate();
  });
  const headers = new StompHeaders();
  Object.assign(headers, target.headers);
  client.publish({ destination: target.destination, body: target.body, headers });
  await client.deactivate();
  return performance.now() - t0;
}

export interface BaselineResult {
  /** Per run: messages per second. */
  readonly rates: number[];
  /** Per message wall time, ms. */
  readonly perMessage: number[];
}

export async function runWaldurBaseline(
  ctx: BenchContext,
  noDelay: boolean,
  runs: number,
  messages: number,
): Promise<BaselineResult> {
  if (runs <= 0) return { rates: [], perMessage: [] };
  const { broker } = ctx;
  const management = createManagementClient(broker);
  const vhost = `bench-baseline-${randomBytes(4).toString('hex')}`;
  await management.putVhost(vhost);
  try {
    await management.setPermissions(vhost, broker.adminUser);
    await management.putQueue(vhost, DEAD_LETTER_QUEUE, { durable: true });
    const targets: Target[] = [];
    for (let i = 0; i < 10; i += 1) {
      const built = buildMessage({
        vhost,
        subscriptionUuid: hex(),
        offeringUuid: hex(),
        objectType: 'order',
        payload: { order_uuid: hex(), order_state: 'executing' },
      });
      await management.putQueue(vhost, built.queue, {
        durable: true,
        arguments: { ...SUBSCRIPTION_QUEUE_ARGUMENTS },
      });
      targets.push({ destination: built.destination, body: built.body, headers: { ...built.headers } });
    }
    const send = (i: number): Promise<number> => {
      const target = targets[i % targets.length];
      if (target === undefined) throw new BenchError('SCENARIO_FAILED', 'no baseline target');
      return publishOnce(
        broker.stompHost,
        broker.stompPort,
        vhost,
        broker.adminUser,
        broker.adminPassword,
        target,
        noDelay,
      );
    };
    for (let i = 0; i < 5; i += 1) await send(i); // untimed warm-up
    const rates: number[] = [];
    const perMessage: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      const t0 = performance.now();
      for (let i = 0; i < messages; i += 1) perMessage.push(await send(i));
      rates.push((messages / (performance.now() - t0)) * 1000);
    }
    return { rates, perMessage };
  } finally {
    await management.deleteVhost(vhost).catch(() => undefined);
  }
}
