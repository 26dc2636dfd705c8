import { describe, expect, it } from 'vitest';
import { QUICK, withScaleOverride } from './settings.js';

describe('withScaleOverride', () => {
  it('keeps the settings without a value', () => {
    expect(withScaleOverride(QUICK, undefined)).toBe(QUICK);
    expect(withScaleOverride(QUICK, ' ')).toBe(QUICK);
  });

  it('replaces the agent-scale levels', () => {
    const s = withScaleOverride(QUICK, '1, 500');
    expect(s.agentScale.offerings).toEqual([1, 500]);
    expect(s.agentScale.idleMs).toBe(QUICK.agentScale.idleMs);
  });

  it('rejects anything but positive integers', () => {
    expect(() => withScaleOverride(QUICK, '0')).toThrow(/positive integers/);
    expect(() => withScaleOverride(QUICK, '5,x')).toThrow(/positive integers/);
  });
});
