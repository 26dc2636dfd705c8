import { describe, expect, test } from 'vitest';
import { Teardown } from './teardown.js';

describe('Teardown', () => {
  test('runs every step in reverse order and reports the first failure after all ran', async () => {
    const ran: string[] = [];
    const t = new Teardown();
    t.add('a', () => Promise.resolve(ran.push('a')));
    t.add('b', () => Promise.reject(new Error('boom')));
    t.add('c', () => Promise.resolve(ran.push('c')));
    await expect(t.run()).rejects.toThrow('teardown of b failed: boom');
    expect(ran).toEqual(['c', 'a']);
    expect(t.size).toBe(0);
  });
});
