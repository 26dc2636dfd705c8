import type { IFrame, IMessage } from '@stomp/stompjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLog } from '../testing/test-context.js';
import type { Delivery, DeliveryOutcome } from './delivery-processor.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import {
  StompConsumer,
  type MessageSink,
  type StompClientCallbacks,
  type StompClientLike,
} from './stomp-consumer.js';

class FakeClient implements StompClientLike {
  connected = false;
  activated = 0;
  deactivations: { force?: boolean }[] = [];
  readonly subscriptions: {
    destination: string;
    headers: Record<string, string>;
    callback: (m: IMessage) => void;
  }[] = [];

  constructor(readonly callbacks: StompClientCallbacks) {}

  activate(): void {
    this.activated += 1;
  }
  deactivate(options: { force?: boolean } = {}): Promise<void> {
    this.deactivations.push(options);
    this.connected = false;
    return Promise.resolve();
  }
  subscribe(
    destination: string,
    callback: (m: IMessage) => void,
    headers: Record<string, string> = {},
  ): { id: string; unsubscribe(): void } {
    this.subscriptions.push({ destination, headers, callback });
    return { id: headers.id ?? '', unsubscribe: () => undefined };
  }
  open(): void {
    this.connected = true;
    this.callbacks.onConnect({ command: 'CONNECTED', headers: {}, body: '' } as unknown as IFrame);
  }
  close(code = 1006): void {
    this.connected = false;
    this.callbacks.onWebSocketClose({ code, reason: 'test' });
  }
  deliver(
    body: string,
    headers: Record<string, string> = {},
  ): { ack: ReturnType<typeof vi.fn>; nack: ReturnType<typeof vi.fn> } {
    const ack = vi.fn();
    const nack = vi.fn();
    const message = { command: 'MESSAGE', headers, body, ack, nack } as unknown as IMessage;
    const sub = this.subscriptions.at(-1);
    if (sub === undefined) throw new Error('not subscribed');
    sub.callback(message);
    return { ack, nack };
  }
}

class ControlledSink {
  readonly deliveries: Delivery[] = [];
  private release: (() => void)[] = [];
  active = 0;
  maxActive = 0;
  constructor(private readonly hold: boolean) {}
  async process(delivery: Delivery): Promise<DeliveryOutcome> {
    this.deliveries.push(delivery);
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    if (this.hold) await new Promise<void>((resolve) => this.release.push(resolve));
    else await Promise.resolve();
    this.active -= 1;
    delivery.ack();
    return 'acked';
  }
  releaseNext(): void {
    this.release.shift()?.();
  }
}

function setup(options: { hold?: boolean; ackMode?: 'client-individual' | 'auto'; sink?: MessageSink } = {}) {
  const clients: FakeClient[] = [];
  const sink = new ControlledSink(options.hold ?? false);
  const policy = new ReconnectPolicy({
    initialDelayMs: 1000,
    maxDelayMs: 16_000,
    multiplier: 2,
    jitter: 'none',
    jitterRatio: 0,
  });
  const onDisconnected = vi.fn();
  const consumer = new StompConsumer({
    name: 'test/order',
    queue: 'subscription_q_offering_o_order',
    subscriptionId: 'order',
    ackMode: options.ackMode ?? 'client-individual',
    prefetch: 20,
    createClient: (callbacks) => {
      const c = new FakeClient(callbacks);
      clients.push(c);
      return c;
    },
    reconnect: policy,
    sink: options.sink ?? sink,
    log: silentLog,
    onDisconnected,
  });
  const last = (): FakeClient => {
    const c = clients.at(-1);
    if (c === undefined) throw new Error('no client');
    return c;
  };
  return { consumer, clients, sink, last, onDisconnected };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('StompConsumer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts without blocking and subscribes only once CONNECTED arrives', () => {
    const { consumer, clients, last } = setup();
    consumer.start();
    expect(clients).toHaveLength(1);
    expect(last().activated).toBe(1);
    expect(last().subscriptions).toHaveLength(0);
    expect(consumer.currentState).toBe('connecting');
    last().open();
    expect(consumer.currentState).toBe('connected');
    expect(last().subscriptions).toEqual([
      {
        destination: '/amq/queue/subscription_q_offering_o_order',
        headers: { id: 'order', ack: 'client-individual', 'prefetch-count': '20' },
        callback: expect.any(Function),
      },
    ]);
  });

  it('in auto mode subscribes with ack:auto and no prefetch header, like the real agent', () => {
    const { consumer, last } = setup({ ackMode: 'auto' });
    consumer.start();
    last().open();
    expect(last().subscriptions[0]?.headers).toEqual({ id: 'order', ack: 'auto' });
  });

  it('reconnects after the backoff delay and resubscribes from onConnect', () => {
    const { consumer, clients, last } = setup();
    consumer.start();
    last().open();
    last().close();
    expect(consumer.currentState).toBe('waiting');
    vi.advanceTimersByTime(999);
    expect(clients).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(clients).toHaveLength(2);
    last().open();
    expect(last().subscriptions).toHaveLength(1);
    expect(last().subscriptions[0]?.destination).toBe('/amq/queue/subscription_q_offering_o_order');
    expect(consumer.counters).toMatchObject({ connects: 2, disconnects: 1, subscriptions: 2 });
  });

  it('runs exactly one reconnect loop under concurrent disconnect signals', () => {
    const { consumer, clients, last, onDisconnected } = setup();
    consumer.start();
    const first = last();
    first.open();
    first.close();
    first.close();
    first.callbacks.onWebSocketError('boom');
    first.close(1011);
    expect(vi.getTimerCount()).toBe(1);
    expect(onDisconnected).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(1000);
    expect(clients).toHaveLength(2);
    // The superseded client reporting its close late changes nothing.
    first.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.runAllTimers();
    expect(clients).toHaveLength(2);
  });

  it('keeps retrying failed connects forever with capped backoff', () => {
    const { consumer, clients, last } = setup();
    consumer.start();
    const delays: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const before = Date.now();
      last().close();
      vi.runOnlyPendingTimers();
      delays.push(Date.now() - before);
    }
    expect(clients).toHaveLength(26);
    expect(delays.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000]);
    expect(Math.max(...delays)).toBe(16_000);
    last().open();
    last().close();
    expect(vi.getTimerCount()).toBe(1);
    const before = Date.now();
    vi.runOnlyPendingTimers();
    expect(Date.now() - before).toBe(1000);
  });

  it('processes messages one at a time in arrival order and acks each', async () => {
    const { consumer, last, sink } = setup({ hold: true });
    consumer.start();
    last().open();
    const m1 = last().deliver('{"a":1}');
    const m2 = last().deliver('{"a":2}');
    await flush();
    expect(sink.deliveries.map((d) => d.body)).toEqual(['{"a":1}']);
    sink.releaseNext();
    await flush();
    expect(m1.ack).toHaveBeenCalledOnce();
    expect(sink.deliveries.map((d) => d.body)).toEqual(['{"a":1}', '{"a":2}']);
    sink.releaseNext();
    await flush();
    expect(m2.ack).toHaveBeenCalledOnce();
    expect(sink.maxActive).toBe(1);
  });

  it('settles a delivery whose sink finishes synchronously within the delivery callback', () => {
    const sink: MessageSink = {
      process: (d) => {
        d.ack();
        return 'acked';
      },
    };
    const { consumer, last } = setup({ sink });
    consumer.start();
    last().open();
    const m1 = last().deliver('{"a":1}');
    expect(m1.ack).toHaveBeenCalledOnce();
    expect(consumer.counters.processed).toBe(1);
  });

  it('keeps arrival order across synchronous and asynchronous outcomes, one at a time', async () => {
    const order: string[] = [];
    const releases: (() => void)[] = [];
    let active = 0;
    const sink: MessageSink = {
      process: (d) => {
        active += 1;
        expect(active).toBe(1);
        order.push(`start ${d.body}`);
        const done = (): 'acked' => {
          order.push(`end ${d.body}`);
          active -= 1;
          d.ack();
          return 'acked';
        };
        if (!d.body.includes('slow')) return done();
        return new Promise<void>((resolve) => releases.push(resolve)).then(done);
      },
    };
    const { consumer, last } = setup({ sink });
    consumer.start();
    last().open();
    last().deliver('1');
    last().deliver('2 slow');
    last().deliver('3');
    last().deliver('4 slow');
    last().deliver('5');
    expect(order).toEqual(['start 1', 'end 1', 'start 2 slow']);
    releases.shift()?.();
    await flush();
    expect(order.slice(3)).toEqual(['end 2 slow', 'start 3', 'end 3', 'start 4 slow']);
    const stopping = consumer.stop(5000);
    releases.shift()?.();
    await stopping;
    // Stopping in client-individual mode leaves the queued message for the broker to redeliver.
    expect(order.slice(7)).toEqual(['end 4 slow']);
    expect(consumer.counters.processed).toBe(4);
  });

  it('skips the ack of a delivery whose connection died; the broker redelivers it', async () => {
    const { consumer, last, sink } = setup({ hold: true });
    consumer.start();
    last().open();
    const first = last();
    const m1 = first.deliver('{"a":1}');
    const m2 = first.deliver('{"a":2}');
    await flush();
    first.close();
    vi.advanceTimersByTime(1000);
    last().open();
    sink.releaseNext();
    await flush();
    expect(m1.ack).not.toHaveBeenCalled();
    // The queued copy of the dead connection is dropped (it comes back redelivered), never processed twice here.
    expect(sink.deliveries).toHaveLength(1);
    expect(m2.ack).not.toHaveBeenCalled();
    const again = last().deliver('{"a":1}', { redelivered: 'true' });
    await flush();
    sink.releaseNext();
    await flush();
    expect(again.ack).toHaveBeenCalledOnce();
  });

  it('stops gracefully: finishes and acks the in-flight message, leaves queued ones, then disconnects', async () => {
    vi.useRealTimers();
    const { consumer, last, sink } = setup({ hold: true });
    consumer.start();
    last().open();
    const client = last();
    const m1 = client.deliver('{"a":1}');
    const m2 = client.deliver('{"a":2}');
    await flush();
    const stopping = consumer.stop(5000);
    await flush();
    expect(client.deactivations).toHaveLength(0);
    sink.releaseNext();
    await stopping;
    expect(m1.ack).toHaveBeenCalledOnce();
    expect(m2.ack).not.toHaveBeenCalled();
    expect(sink.deliveries).toHaveLength(1);
    expect(client.deactivations).toEqual([{ force: false }]);
    expect(consumer.currentState).toBe('stopped');
  });

  it('does not reconnect after stop', async () => {
    const { consumer, clients, last } = setup();
    consumer.start();
    last().open();
    await consumer.stop(1000);
    last().close();
    vi.runAllTimers();
    expect(clients).toHaveLength(1);
  });
});
