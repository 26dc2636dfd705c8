import { describe, expect, it } from 'vitest';
import { OBSERVABLE_OBJECT_TYPES } from './enums/observable-object-type.js';
import { destinationFor, parseQueueName, queueName, topicFor } from './queue-naming.js';

const SUB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OFF = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('queueName / topicFor', () => {
  it('builds Waldur’s names, normalising dashed and upper-case UUIDs', () => {
    const parts = {
      subscriptionUuid: 'A1B2C3D4-E5F6-0718-293A-4B5C6D7E8F90',
      offeringUuid: OFF,
      objectType: 'user_role',
    } as const;
    expect(queueName(parts)).toBe(`subscription_${SUB}_offering_${OFF}_user_role`);
    expect(topicFor(parts)).toBe(`subscription/${SUB}/offering/${OFF}/user_role`);
  });

  it('equals the topic with "/" replaced by "_" (as Waldur derives it)', () => {
    const parts = {
      subscriptionUuid: SUB,
      offeringUuid: OFF,
      objectType: 'offering_resources_sync',
    } as const;
    expect(queueName(parts)).toBe(topicFor(parts).replaceAll('/', '_'));
  });

  it('rejects unknown object types and bad UUIDs', () => {
    expect(() =>
      queueName({ subscriptionUuid: SUB, offeringUuid: OFF, objectType: 'nope' as 'order' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OBJECT_TYPE' }));
    expect(() => topicFor({ subscriptionUuid: 'x', offeringUuid: OFF, objectType: 'order' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_UUID' }),
    );
  });
});

describe('parseQueueName', () => {
  it.each(OBSERVABLE_OBJECT_TYPES)('round-trips %s', (objectType) => {
    const name = queueName({ subscriptionUuid: SUB, offeringUuid: OFF, objectType });
    expect(parseQueueName(name)).toEqual({ subscriptionUuid: SUB, offeringUuid: OFF, objectType });
  });

  it('splits on the literals, so types with "_" come back whole', () => {
    expect(parseQueueName(`subscription_${SUB}_offering_${OFF}_resource_periodic_limits`)?.objectType).toBe(
      'resource_periodic_limits',
    );
    expect(parseQueueName(`subscription_${SUB}_offering_${OFF}_user_role`)?.objectType).toBe('user_role');
  });

  it.each([
    ['empty', ''],
    ['no prefix', `${SUB}_offering_${OFF}_order`],
    ['unified consumer queue', `consumer_${SUB}`],
    ['short subscription uuid', `subscription_${SUB.slice(1)}_offering_${OFF}_order`],
    ['upper-case hex', `subscription_${SUB.toUpperCase()}_offering_${OFF}_order`],
    ['dashed uuid', `subscription_a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90_offering_${OFF}_order`],
    ['missing type', `subscription_${SUB}_offering_${OFF}_`],
    ['missing type and separator', `subscription_${SUB}_offering_${OFF}`],
    ['unknown type', `subscription_${SUB}_offering_${OFF}_invoice`],
    ['slash form', `subscription/${SUB}/offering/${OFF}/order`],
    ['trailing junk', `subscription_${SUB}_offering_${OFF}_order\n`],
    ['destination form', `/amq/queue/subscription_${SUB}_offering_${OFF}_order`],
  ])('rejects %s', (_label, name) => {
    expect(parseQueueName(name)).toBeNull();
  });
});

describe('destinationFor', () => {
  it('uses RabbitMQ’s pre-declared queue form', () => {
    expect(destinationFor('q1')).toBe('/amq/queue/q1');
  });

  it('refuses names that are not a single queue name', () => {
    expect(() => destinationFor('')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_QUEUE_NAME' }));
    expect(() => destinationFor('/queue/x')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_QUEUE_NAME' }),
    );
  });
});
