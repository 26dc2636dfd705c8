import { describe, expect, it } from 'vitest';
import { DeliveryAttempts, deliveryKey } from './delivery-attempts.js';

describe('deliveryKey', () => {
  it("prefers Waldur's x-message-id, then amqp-message-id", () => {
    expect(deliveryKey({ 'x-message-id': 'abc', 'message-id': 'T_1@@s@@1' }, '{}')).toBe('id:abc');
    expect(deliveryKey({ 'amqp-message-id': 'm7' }, '{}')).toBe('id:m7');
  });

  it("ignores RabbitMQ's per-delivery message-id and hashes destination + body instead", () => {
    const a = deliveryKey({ 'message-id': 'T_1@@s@@1', destination: '/amq/queue/q' }, '{"x":1}');
    const b = deliveryKey({ 'message-id': 'T_1@@s@@2', destination: '/amq/queue/q' }, '{"x":1}');
    const c = deliveryKey({ destination: '/amq/queue/q' }, '{"x":2}');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^sha:[0-9a-f]{32}$/);
  });
});

describe('DeliveryAttempts', () => {
  it('counts failures across redeliveries and resets on a fresh delivery', () => {
    const t = new DeliveryAttempts();
    expect(t.begin('k', false)).toBe(0);
    expect(t.fail('k')).toBe(1);
    expect(t.begin('k', true)).toBe(1);
    expect(t.fail('k')).toBe(2);
    expect(t.begin('k', false)).toBe(0);
  });

  it('is bounded: the oldest entries are evicted', () => {
    const t = new DeliveryAttempts(2);
    t.fail('a');
    t.fail('b');
    t.fail('c');
    expect(t.size).toBe(2);
    expect(t.begin('a', true)).toBe(0);
    expect(t.begin('c', true)).toBe(1);
  });
});
