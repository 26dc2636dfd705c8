import { describe, expect, it } from 'vitest';
import { messageIdFixtures as fixtures } from './fixtures/load-fixtures.js';
import { messageId } from './message-id.js';

describe('messageId (expected values from Python hashlib, scripts/gen-fixtures.py)', () => {
  for (const c of fixtures.messageIds) {
    it(`${JSON.stringify(c.vhost)} ${JSON.stringify(c.topic).slice(0, 40)}`, () => {
      expect(messageId(c.vhost, c.topic, c.payload)).toBe(c.expected);
    });
  }

  it('is 32 lowercase hex chars and depends on every part', () => {
    const base = messageId('v', 't', 'p');
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(messageId('v2', 't', 'p')).not.toBe(base);
    expect(messageId('v', 't2', 'p')).not.toBe(base);
    expect(messageId('v', 't', 'p2')).not.toBe(base);
  });
});
