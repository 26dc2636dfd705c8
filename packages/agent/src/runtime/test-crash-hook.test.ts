import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TEST_CRASH_EXIT_CODE, testCrashHook } from './test-crash-hook.js';

describe('testCrashHook (test only)', () => {
  it('exits with 137 at its point only', () => {
    const exits: number[] = [];
    const hook = testCrashHook('backend-create', pino({ level: 'silent' }), (code) => exits.push(code));
    expect(exits).toEqual([]);
    hook('backend-create');
    expect(exits).toEqual([TEST_CRASH_EXIT_CODE]);
    expect(TEST_CRASH_EXIT_CODE).toBe(137);
  });
});
