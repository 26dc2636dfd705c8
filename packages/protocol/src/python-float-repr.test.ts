import { describe, expect, it } from 'vitest';
import { pythonFloatRepr } from './python-float-repr.js';

// Hand-checked layout boundaries of Python's repr(float); the fixture tests cover many more values.
describe('pythonFloatRepr', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.25e16, '1.25e+16'],
    [-1e-100, '-1e-100'],
    [123.456, '123.456'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('%d -> %s', (input, expected) => {
    expect(pythonFloatRepr(input)).toBe(expected);
  });
});
