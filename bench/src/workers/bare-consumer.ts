// Worker for scenario 2: the floor for consuming over Web-STOMP — a bare @stomp/stompjs client (over `ws`, as the
// agent) subscribed with the agent's ack mode and prefetch, acking each message as it arrives and doing nothing
// else. Measures first message → `count`-th message, like the agent's figure.
import { performance } from 'node:perf_hooks';
import { Client, StompHeaders } from '@stomp/stompjs';
import WebSocket from 'ws';
import { readWorkerInput, runWorker, say, writeWorkerOutput } from './worker-io.js';

export interface BareConsumerInput {
  readonly url: string;
  readonly login: string;
  readonly passcode: string;
  readonly vhost: string;
  readonly queue: string;
  readonly count: number;
  readonly prefetch: number;
  /** The agent's SUBSCRIBE id for this queue: RabbitMQ repeats it in every frame, so both parse the same bytes. */
  readonly subscriptionId: string;
  readonly timeoutMs: number;
}

export interface BareConsumerOutput {
  readonly received: number;
  /** First → last message, ms. */
  readonly ms: number;
  readonly ratePerSecond: number;
  /** Receive time of every message, ms after the first. */
  readonly times: readonly number[];
}

async function main(): Promise<void> {
  const { input: raw, outputFile } = readWorkerInput();
  const input = raw as BareConsumerInput;
  const client = new Client();
  // The agent's transport options (no permessage-deflate), so the ratio compares consumer code, not transport.
  client.webSocketFactory = () =>
    new WebSocket(input.url, ['v12.stomp', 'v11.stomp', 'v10.stomp'], { perMessageDeflate: false });
  const connectHeaders = new StompHeaders();
  connectHeaders.login = input.login;
  connectHeaders.passcode = input.passcode;
  connectHeaders.host = input.vhost;
  client.connectHeaders = connectHeaders;
  const subscribeHeaders = new StompHeaders();
  subscribeHeaders.ack = 'client-individual';
  subscribeHeaders['prefetch-count'] = String(input.prefetch);
  subscribeHeaders.id = input.subscriptionId;
  client.heartbeatIncoming = 10_000;
  client.heartbeatOutgoing = 10_000;
  client.reconnectDelay = 0;
  client.debug = () => undefined;

  let received = 0;
  let first = 0;
  let last = 0;
  const times: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`received ${received} of ${input.count} within ${input.timeoutMs} ms`));
    }, input.timeoutMs);
    client.onStompError = (frame) => {
      clearTimeout(timer);
      reject(new Error(`STOMP ERROR ${frame.headers.message ?? ''}: ${frame.body}`));
    };
    client.onConnect = () => {
      say(`connected; subscribing to ${input.queue}`);
      client.subscribe(
        `/amq/queue/${input.queue}`,
        (message) => {
          const now = performance.now();
          if (received === 0) first = now;
          received += 1;
          last = now;
          times.push(now - first);
          message.ack();
          if (received === input.count) {
            clearTimeout(timer);
            resolve();
          }
        },
        subscribeHeaders,
      );
    };
    client.activate();
  });
  await client.deactivate();
  const ms = last - first;
  const output: BareConsumerOutput = {
    received,
    ms,
    ratePerSecond: ms > 0 ? ((received - 1) / ms) * 1000 : Number.NaN,
    times,
  };
  writeWorkerOutput(outputFile, output);
  say(`done: ${received} in ${ms.toFixed(1)} ms`);
}

runWorker(main);
