import { describe, expect, it } from 'vitest';
import { advanceDate } from './mock-clock.js';
import { formatDuration, parseSlurmTime, parseTimeLimit } from './slurm-time.js';

describe('SLURM times', () => {
  it('formats durations as [D-]HH:MM:SS', () => {
    expect(formatDuration(7200)).toBe('02:00:00');
    expect(formatDuration(93600)).toBe('1-02:00:00');
    expect(formatDuration(-5)).toBe('00:00:00');
  });

  it('parses time limits like time_str2mins', () => {
    expect(parseTimeLimit('90')).toEqual({ ok: true, minutes: 90 });
    expect(parseTimeLimit('1:30:00')).toEqual({ ok: true, minutes: 90 });
    expect(parseTimeLimit('2-12')).toEqual({ ok: true, minutes: 3600 });
    expect(parseTimeLimit('UNLIMITED')).toEqual({ ok: true, minutes: null });
    expect(parseTimeLimit('soon')).toEqual({ ok: false });
  });

  it('parses sacct times (local time)', () => {
    const now = new Date(2026, 10, 15, 12, 30, 0);
    expect(parseSlurmTime('2026-11-01T00:00:00', now)).toEqual(new Date(2026, 10, 1));
    expect(parseSlurmTime('2026-02-30', now)).toBeNull();
    expect(parseSlurmTime('midnight', now)).toEqual(new Date(2026, 10, 15));
    expect(parseSlurmTime('now-2hours', now)).toEqual(new Date(2026, 10, 15, 10, 30, 0));
    expect(parseSlurmTime('11/02', now)).toEqual(new Date(2026, 10, 2));
    expect(parseSlurmTime('whenever', now)).toBeNull();
  });

  it('advances the mock clock by durations and calendar months', () => {
    const from = new Date('2026-01-31T00:00:00Z');
    expect(advanceDate(from, '1h30m')?.toISOString()).toBe('2026-01-31T01:30:00.000Z');
    expect(advanceDate(from, '1w')?.toISOString()).toBe('2026-02-07T00:00:00.000Z');
    expect(advanceDate(from, '2h junk')).toBeNull();
  });
});
