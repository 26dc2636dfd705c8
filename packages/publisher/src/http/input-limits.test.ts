// The storability checks alone: NUL and lone surrogates anywhere (keys too), depth counted iteratively, the
// Python date range and DRF's usage amount rules.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, findUnstorable, isStorableDate, usageAmountProblem } from './input-limits.js';
import { redactUrl } from './log-redaction.js';

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

describe('findUnstorable', () => {
  it('accepts ordinary values, paired surrogates and the maximum depth', () => {
    expect(findUnstorable({ a: ['x', 1, null, true, { b: '日本 😀' }] })).toBeNull();
    expect(findUnstorable(nested(MAX_JSON_DEPTH))).toBeNull();
  });
  it('names the path of a NUL, a lone surrogate, a bad key and too deep a tree', () => {
    expect(findUnstorable({ a: [{ b: 'x\u0000' }] })).toEqual({
      path: 'a.0.b',
      message: 'Null characters are not allowed.',
    });
    expect(findUnstorable({ a: '\udc00x' })?.message).toBe('Surrogate characters are not allowed: U+DC00.');
    expect(findUnstorable({ a: 'x\ud83d' })?.message).toBe('Surrogate characters are not allowed: U+D83D.');
    expect(findUnstorable({ ['k\u0000']: 1 })?.path).toBe('non_field_errors');
    expect(findUnstorable(nested(MAX_JSON_DEPTH + 1))?.message).toMatch(/Nesting deeper/);
    expect(findUnstorable(nested(100_000))?.message).toMatch(/Nesting deeper/);
  });
});

describe('isStorableDate', () => {
  it('holds years 1 to 9999 in UTC only', () => {
    expect(isStorableDate(new Date('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isStorableDate(new Date('9999-12-31T23:59:59Z'))).toBe(true);
    expect(isStorableDate(new Date('0000-12-31T23:59:59Z'))).toBe(false);
    expect(isStorableDate(new Date('10000-01-01'))).toBe(false);
    expect(isStorableDate(new Date('-271821-04-20T00:00:00Z'))).toBe(false);
    expect(isStorableDate(new Date('nonsense'))).toBe(false);
  });
});

describe('usageAmountProblem', () => {
  it('takes non-negative numbers with at most 14 integer digits', () => {
    for (const ok of [0, 1.5, '0', '00012.5', '99999999999999.999999', '-0', 99_999_999_999_999])
      expect(usageAmountProblem(ok), String(ok)).toBeNull();
    for (const bad of [-1, '-0.1', 1e15, '100000000000000', '99999999999999999999', '1e5', ' 1', Infinity])
      expect(usageAmountProblem(bad), String(bad)).not.toBeNull();
  });
});

describe('redactUrl', () => {
  it('hides credential-like query parameters only', () => {
    expect(redactUrl('/api/x/?token=abc&name=n&api_key=k&Authorization=z')).toBe(
      '/api/x/?token=[REDACTED]&name=n&api_key=[REDACTED]&Authorization=[REDACTED]',
    );
    expect(redactUrl('/api/x/?%74oken=abc')).toBe('/api/x/?%74oken=[REDACTED]');
    expect(redactUrl('/api/x/')).toBe('/api/x/');
  });
});
