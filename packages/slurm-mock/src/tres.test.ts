import { describe, expect, it } from 'vitest';
import { DEFAULT_TRES } from './initial-state.js';
import { formatMemMb, formatTres, parseTresSpec } from './tres.js';

describe('TRES strings', () => {
  it('formats by id order with exact memory units', () => {
    expect(formatTres({ '1001': 4, '2': 614400, '1': 10 }, DEFAULT_TRES)).toBe('cpu=10,mem=600G,gres/gpu=4');
    expect(formatTres({ '2': 614400 }, DEFAULT_TRES, false)).toBe('mem=614400M');
    expect(formatMemMb(614401, true)).toBe('614401M');
    expect(formatMemMb(1024 * 1024, true)).toBe('1T');
    expect(formatMemMb(0, true)).toBe('0');
  });

  it('parses specs case-insensitively, with memory suffixes and -1 to clear', () => {
    expect(parseTresSpec('CPU=10,mem=2G,GRES/GPU=-1', DEFAULT_TRES, 'x')).toEqual({
      ok: true,
      entries: [
        { id: 1, value: 10 },
        { id: 2, value: 2048 },
        { id: 1001, value: null },
      ],
    });
    expect(parseTresSpec('cpu', DEFAULT_TRES, 'x')).toEqual({
      ok: false,
      error: "x: error: Invalid TRES specification 'cpu'\n",
    });
    expect(parseTresSpec('gpu=1', DEFAULT_TRES, 'x')).toEqual({
      ok: false,
      error: "x: error: not a valid tres type 'gpu'\n",
    });
  });
});
