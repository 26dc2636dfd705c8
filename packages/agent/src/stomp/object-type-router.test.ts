import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Delivery, DeliveryOutcome } from './delivery-processor.js';
import { ObjectTypeRouter, envelopeObjectType } from './object-type-router.js';
import type { MessageSink } from './stomp-consumer.js';

const log = pino({ level: 'silent' });

function delivery(body: string): Delivery & { nacks: boolean[] } {
  const nacks: boolean[] = [];
  return { headers: {}, body, ack: vi.fn(), nack: (requeue) => nacks.push(requeue), nacks };
}

describe('ObjectTypeRouter', () => {
  const processOrder = vi.fn((): Promise<DeliveryOutcome> => Promise.resolve('acked'));
  const order: MessageSink = { process: processOrder };
  const router = new ObjectTypeRouter(new Map([['order', order]]), 'client-individual', log);

  it('hands an envelope to the sink of its object_type', async () => {
    const d = delivery('{"order_uuid": "a", "object_type": "order", "schema_version": 1}');
    expect(await router.process(d)).toBe('acked');
    expect(processOrder).toHaveBeenCalledWith(d);
  });

  it('dead-letters bodies without a subscribed object_type', async () => {
    for (const body of ['not json', '{"order_uuid": "a"}', '{"object_type": "user_role"}', '[1]']) {
      const d = delivery(body);
      expect(await router.process(d)).toBe('dead-lettered');
      expect(d.nacks).toEqual([false]);
    }
  });

  it('drops them in auto ack mode', async () => {
    const auto = new ObjectTypeRouter(new Map(), 'auto', log);
    const d = delivery('{"object_type": "order"}');
    expect(await auto.process(d)).toBe('auto-invalid');
    expect(d.nacks).toEqual([]);
  });

  it('reads object_type', () => {
    expect(envelopeObjectType('{"object_type": "resource"}')).toBe('resource');
    expect(envelopeObjectType('null')).toBeNull();
  });
});
