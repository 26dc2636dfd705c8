import { describe, expect, it, vi, type Mock } from 'vitest';
import { silentLog } from '../testing/test-context.js';
import { DeliveryProcessor, type Delivery, type MessageHandler } from './delivery-processor.js';

const ORDER = JSON.stringify({
  order_uuid: 'a'.repeat(32),
  order_state: 'executing',
  offering_uuid: 'b'.repeat(32),
});

interface TestDelivery {
  d: Delivery;
  ack: Mock<() => void>;
  nack: Mock<(requeue: boolean) => void>;
}

function delivery(body: string, headers: Record<string, string> = {}): TestDelivery {
  const ack = vi.fn<() => void>();
  const nack = vi.fn<(requeue: boolean) => void>();
  return { d: { headers: { 'x-message-id': 'm1', ...headers }, body, ack, nack }, ack, nack };
}

function processor(
  handler: MessageHandler<'order'>,
  options: { ackMode?: 'client-individual' | 'auto'; maxAttempts?: number } = {},
) {
  const sleeps: number[] = [];
  const p = new DeliveryProcessor({
    objectType: 'order',
    ackMode: options.ackMode ?? 'client-individual',
    maxAttempts: options.maxAttempts ?? 3,
    retryDelay: { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 'none', jitterRatio: 0 },
    handler,
    log: silentLog,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { p, sleeps };
}

describe('DeliveryProcessor', () => {
  it('acks only after the handler finished its effects', async () => {
    const events: string[] = [];
    const d = delivery(ORDER);
    d.ack.mockImplementation(() => {
      events.push('ack');
    });
    const { p } = processor(async (msg) => {
      await Promise.resolve();
      events.push(`handled ${msg.order_uuid.slice(0, 4)}`);
    });
    await expect(p.process(d.d)).resolves.toBe('acked');
    expect(events).toEqual(['handled aaaa', 'ack']);
    expect(d.nack).not.toHaveBeenCalled();
  });

  it('settles a message whose handler returns no promise in the same call, without a promise', () => {
    const events: string[] = [];
    const d = delivery(ORDER);
    d.ack.mockImplementation(() => {
      events.push('ack');
    });
    const { p } = processor(() => {
      events.push('handled');
    });
    expect(p.process(d.d)).toBe('acked');
    expect(events).toEqual(['handled', 'ack']);
  });

  it('counts a synchronous throw like a rejection: requeued after the backoff, nothing acked', async () => {
    const d = delivery(ORDER);
    const { p, sleeps } = processor(() => {
      throw new Error('boom');
    });
    expect(await p.process(d.d)).toBe('requeued');
    expect(sleeps).toEqual([100]);
    expect(d.nack).toHaveBeenCalledWith(true);
    expect(d.ack).not.toHaveBeenCalled();
  });

  it('passes the parsed, schema-validated payload to the handler', async () => {
    const handler = vi.fn<MessageHandler<'order'>>(() => Promise.resolve());
    const { p } = processor(handler);
    await p.process(delivery(ORDER).d);
    expect(handler).toHaveBeenCalledWith(
      { order_uuid: 'a'.repeat(32), order_state: 'executing', offering_uuid: 'b'.repeat(32) },
      expect.objectContaining({ objectType: 'order', previousFailures: 0 }),
    );
  });

  it('dead-letters a non-JSON body at once without calling the handler', async () => {
    const handler = vi.fn<MessageHandler<'order'>>(() => Promise.resolve());
    const { p } = processor(handler);
    const d = delivery('not json {');
    expect(await p.process(d.d)).toBe('dead-lettered');
    expect(d.nack).toHaveBeenCalledWith(false);
    expect(d.ack).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('dead-letters a schema-invalid body', async () => {
    const { p } = processor(() => Promise.resolve());
    const d = delivery(JSON.stringify({ order_uuid: 'nope', order_state: 'executing' }));
    expect(await p.process(d.d)).toBe('dead-lettered');
    expect(d.nack).toHaveBeenCalledWith(false);
  });

  it('requeues a failing message with growing delays, then dead-letters it after maxAttempts failures', async () => {
    const handler = vi.fn<MessageHandler<'order'>>(() => Promise.reject(new Error('always fails')));
    const { p, sleeps } = processor(handler, { maxAttempts: 3 });
    const first = delivery(ORDER);
    expect(await p.process(first.d)).toBe('requeued');
    expect(first.nack).toHaveBeenCalledWith(true);
    const second = delivery(ORDER, { redelivered: 'true' });
    expect(await p.process(second.d)).toBe('requeued');
    const third = delivery(ORDER, { redelivered: 'true' });
    expect(await p.process(third.d)).toBe('dead-lettered');
    expect(third.nack).toHaveBeenCalledWith(false);
    expect(sleeps).toEqual([100, 200]);
    expect(handler).toHaveBeenCalledTimes(3);
    expect(p.attempts.size).toBe(0);
  });

  it('tells the handler how often the message failed before', async () => {
    const seen: number[] = [];
    let fail = true;
    const { p } = processor((_m, ctx) => {
      seen.push(ctx.previousFailures);
      if (fail) {
        fail = false;
        return Promise.reject(new Error('once'));
      }
      return Promise.resolve();
    });
    await p.process(delivery(ORDER).d);
    const again = delivery(ORDER, { redelivered: 'true' });
    expect(await p.process(again.d)).toBe('acked');
    expect(seen).toEqual([0, 1]);
  });

  it('forgets earlier failures when the broker says the message is not redelivered', async () => {
    const handler = vi.fn<MessageHandler<'order'>>(() => Promise.reject(new Error('x')));
    const { p } = processor(handler, { maxAttempts: 2 });
    expect(await p.process(delivery(ORDER).d)).toBe('requeued');
    // Same content published again (new message): starts from zero, so it is requeued, not dead-lettered.
    expect(await p.process(delivery(ORDER).d)).toBe('requeued');
    expect(await p.process(delivery(ORDER, { redelivered: 'true' }).d)).toBe('dead-lettered');
  });

  it('in auto mode never acks or nacks (the broker already acked on delivery)', async () => {
    const { p } = processor(() => Promise.reject(new Error('x')), { ackMode: 'auto' });
    const failing = delivery(ORDER);
    expect(await p.process(failing.d)).toBe('auto-failed');
    const invalid = delivery('][');
    expect(await p.process(invalid.d)).toBe('auto-invalid');
    for (const d of [failing, invalid]) {
      expect(d.ack).not.toHaveBeenCalled();
      expect(d.nack).not.toHaveBeenCalled();
    }
  });
});
