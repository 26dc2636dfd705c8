import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/backend.js';
import { sanitizeUsername, uniqueUsername } from './posix-username.js';

describe('POSIX usernames (docs/agent.md#username-rules)', () => {
  it.each([
    ['Jane.Doe', 'jane_doe'],
    ['  José Müller ', 'jose_muller'],
    ['42cats', '_42cats'],
    ['-dash-', 'dash'],
    ['a@b.example.org', 'a_b_example_org'],
    ['ÅÄÖ', 'aao'],
    ['!!!', ''],
    ['x'.repeat(40), 'x'.repeat(32)],
  ])('%j -> %j', (raw, want) => {
    expect(sanitizeUsername(raw)).toBe(want);
  });

  it('suffixes _01 … _99 on collision, staying within 32 characters', () => {
    expect(uniqueUsername('ann', new Set())).toBe('ann');
    expect(uniqueUsername('ann', new Set(['ann', 'ann_01']))).toBe('ann_02');
    const long = 'y'.repeat(32);
    expect(uniqueUsername(long, new Set([long]))).toBe(`${'y'.repeat(29)}_01`);
    const all = new Set([
      'z',
      ...Array.from({ length: 99 }, (_, i) => `z_${String(i + 1).padStart(2, '0')}`),
    ]);
    expect(() => uniqueUsername('z', all)).toThrow(BackendError);
  });
});
