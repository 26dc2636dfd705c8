import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_QUEUE, SUBSCRIPTION_QUEUE_ARGUMENTS } from './queue-arguments.js';

describe('SUBSCRIPTION_QUEUE_ARGUMENTS', () => {
  it('equals Waldur’s backend.SUBSCRIPTION_QUEUE_ARGUMENTS, key order included', () => {
    expect(JSON.stringify(SUBSCRIPTION_QUEUE_ARGUMENTS)).toBe(
      '{"x-message-ttl":3600000,"x-max-length":10000,"x-overflow":"reject-publish-dlx",' +
        '"x-dead-letter-exchange":"","x-dead-letter-routing-key":"waldur.dlq.messages"}',
    );
    expect(DEAD_LETTER_QUEUE).toBe('waldur.dlq.messages');
  });

  it('is frozen, so no caller can change what both sides declare', () => {
    expect(Object.isFrozen(SUBSCRIPTION_QUEUE_ARGUMENTS)).toBe(true);
    expect(() => {
      (SUBSCRIPTION_QUEUE_ARGUMENTS as unknown as Record<string, unknown>)['x-max-length'] = 1;
    }).toThrow(TypeError);
  });
});
