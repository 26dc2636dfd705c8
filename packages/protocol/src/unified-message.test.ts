import { describe, expect, it } from 'vitest';
import { buildUnifiedMessage, consumerQueueName, parseConsumerQueueName } from './unified-message.js';
import { messageId } from './message-id.js';

const CONSUMER = '0123456789abcdef0123456789abcdef';
const OFFERING = 'fedcba9876543210fedcba9876543210';
const VHOST = '11111111111111111111111111111111';

describe('unified consumer queue', () => {
  it('names consumer_<hex> and parses it back', () => {
    expect(consumerQueueName('01234567-89AB-CDEF-0123-456789ABCDEF')).toBe(`consumer_${CONSUMER}`);
    expect(parseConsumerQueueName(`consumer_${CONSUMER}`)).toBe(CONSUMER);
    expect(parseConsumerQueueName(`subscription_${CONSUMER}`)).toBeNull();
    expect(parseConsumerQueueName('consumer_xyz')).toBeNull();
  });

  it('envelope: payload, offering_uuid, object_type, enrichment, schema_version; queue name is the topic', () => {
    const m = buildUnifiedMessage({
      vhost: VHOST,
      consumerUuid: CONSUMER,
      offeringUuid: OFFERING,
      objectType: 'order',
      payload: { order_uuid: 'a', order_state: 'executing' },
      enrichment: { order_type: 'Create', limits: {} },
    });
    expect(m.body).toBe(
      `{"order_uuid": "a", "order_state": "executing", "offering_uuid": "${OFFERING}", "object_type": "order", "order_type": "Create", "limits": {}, "schema_version": 1}`,
    );
    expect(m.topic).toBe(`consumer_${CONSUMER}`);
    expect(m.destination).toBe(`/amq/queue/consumer_${CONSUMER}`);
    expect(m.headers['x-message-id']).toBe(messageId(VHOST, m.topic, m.body));
  });
});
