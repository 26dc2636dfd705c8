import { describe, expect, it } from 'vitest';
import { getoptLong, type LongOption } from './getopt.js';

const LONG: LongOption[] = [
  { name: 'clusters', arg: 'required', id: 'M' },
  { name: 'noheader', arg: 'none', id: 'n' },
  { name: 'noconvert', arg: 'none', id: 'noconvert' },
  { name: 'user', arg: 'required', id: 'u' },
  { name: 'uid', arg: 'required', id: 'u' },
];

describe('getoptLong', () => {
  it('permutes options and operands, clusters short flags, attaches or consumes arguments', () => {
    expect(getoptLong('t', ['show', '-nP', 'x', '-M', 'c1', '-Mc2', 'y'], 'nPM:', LONG)).toEqual({
      ok: true,
      opts: [
        { id: 'n', arg: null },
        { id: 'P', arg: null },
        { id: 'M', arg: 'c1' },
        { id: 'M', arg: 'c2' },
      ],
      operands: ['show', 'x', 'y'],
    });
  });

  it('accepts unique long prefixes and --opt=value, stops at --', () => {
    expect(getoptLong('t', ['--cluster=a', '--noh', '--', '-n'], 'n', LONG)).toEqual({
      ok: true,
      opts: [
        { id: 'M', arg: 'a' },
        { id: 'n', arg: null },
      ],
      operands: ['-n'],
    });
  });

  it('treats prefixes of aliases of one option as unambiguous', () => {
    expect(getoptLong('t', ['--u', 'bob'], '', LONG)).toMatchObject({
      ok: true,
      opts: [{ id: 'u', arg: 'bob' }],
    });
  });

  it('reports errors with glibc wording', () => {
    expect(getoptLong('t', ['--no'], '', LONG)).toEqual({
      ok: false,
      error: "t: option '--no' is ambiguous; possibilities: '--noheader' '--noconvert'\n",
    });
    expect(getoptLong('t', ['--bogus=1'], '', LONG)).toEqual({
      ok: false,
      error: "t: unrecognized option '--bogus=1'\n",
    });
    expect(getoptLong('t', ['-x'], 'n', LONG)).toEqual({ ok: false, error: "t: invalid option -- 'x'\n" });
    expect(getoptLong('t', ['-M'], 'M:', LONG)).toEqual({
      ok: false,
      error: "t: option requires an argument -- 'M'\n",
    });
    expect(getoptLong('t', ['--clusters'], '', LONG)).toEqual({
      ok: false,
      error: "t: option '--clusters' requires an argument\n",
    });
    expect(getoptLong('t', ['--noheader=1'], '', LONG)).toEqual({
      ok: false,
      error: "t: option '--noheader' doesn't allow an argument\n",
    });
  });
});
