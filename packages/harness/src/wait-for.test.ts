import { describe, expect, test } from 'vitest';
import { matches } from './payload-match.js';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  test('returns the first value that is neither undefined nor false, retrying probes that throw', async () => {
    let calls = 0;
    const value = await waitFor(
      'three calls',
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not yet');
        return calls >= 3 ? { calls } : false;
      },
      { intervalMs: 1, timeoutMs: 5000 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  test('on timeout names what it waited for, the last error and what was seen instead', async () => {
    const failing = waitFor(
      'the impossible',
      () => {
        throw new Error('boom');
      },
      { intervalMs: 1, timeoutMs: 20, lastSeen: () => Promise.resolve({ state: 'erred' }) },
    );
    await expect(failing).rejects.toThrow(
      /waiting for the impossible; last error: Error: boom; last seen: \{"state":"erred"\}/,
    );
  });
});

describe('matches', () => {
  test('compares the given keys only, by JSON value', () => {
    expect(matches({ a: 1, b: [1, 2], c: 'x' }, { b: [1, 2] })).toBe(true);
    expect(matches({ a: 1 }, { a: '1' })).toBe(false);
    expect(matches({ a: 1 }, { missing: undefined })).toBe(true);
    expect(matches({ a: 1 }, {})).toBe(true);
  });
});
