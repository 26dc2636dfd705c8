import { describe, expect, it } from 'vitest';
import { renderTable } from './print-fields.js';

const fields = [
  { header: 'Account', len: 10 },
  { header: 'Descr', len: -6 },
];

describe('renderTable', () => {
  it('fixed width: alignment by sign, dash row, "+" on overflow, trailing blank per column', () => {
    expect(renderTable(fields, [['a', 'longer text']], { parsable: 'none', header: true })).toBe(
      '   Account Descr  \n---------- ------ \n         a longe+ \n',
    );
  });

  it('parsable with and without the trailing separator', () => {
    expect(renderTable(fields, [['a', 'b c']], { parsable: 'ending', header: true })).toBe(
      'Account|Descr|\na|b c|\n',
    );
    expect(renderTable(fields, [['a', '']], { parsable: 'no-ending', header: false })).toBe('a|\n');
  });
});
