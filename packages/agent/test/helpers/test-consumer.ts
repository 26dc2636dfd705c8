// A real StompConsumer (stompjs over ws, DeliveryProcessor, ReconnectPolicy) on a broker fixture, with short
// test delays, as the agent builds it for one (offering, object type).
import { pino } from 'pino';
import { DeliveryProcessor, type MessageHandler } from '../../src/stomp/delivery-processor.js';
import { ReconnectPolicy } from '../../src/stomp/reconnect-policy.js';
import { createStompClientFactory } from '../../src/stomp/stomp-client-factory.js';
import { StompConsumer } from '../../src/stomp/stomp-consumer.js';
import type { BrokerFixture } from './broker-fixture.js';

export const testLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function startTestConsumer(
  f: BrokerFixture,
  handler: MessageHandler<'order'>,
  maxAttempts = 3,
): StompConsumer {
  const sink = new DeliveryProcessor({
    objectType: 'order',
    ackMode: 'client-individual',
    maxAttempts,
    retryDelay: { initialDelayMs: 0, maxDelayMs: 0, multiplier: 2, jitter: 'none', jitterRatio: 0 },
    handler,
    log: testLog,
  });
  const consumer = new StompConsumer({
    name: 'broker-test/order',
    queue: f.queue,
    subscriptionId: 'order',
    ackMode: 'client-individual',
    prefetch: 5,
    createClient: createStompClientFactory({
      url: f.webStompUrl,
      vhost: f.vhost,
      login: f.login,
      passcode: f.passcode,
      log: testLog,
    }),
    reconnect: new ReconnectPolicy({
      initialDelayMs: 100,
      maxDelayMs: 1000,
      multiplier: 2,
      jitter: 'full',
      jitterRatio: 0,
    }),
    sink,
    log: testLog,
  });
  consumer.start();
  return consumer;
}

export const uuidOf = (n: number): string => n.toString(16).padStart(32, '0');
export const orderBody = (n: number): string =>
  JSON.stringify({ order_uuid: uuidOf(n), order_state: 'executing', offering_uuid: 'f'.repeat(32) });
