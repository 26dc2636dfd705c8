import { describe, expect, it } from 'vitest';
import {
  dataLines,
  parseAccountLine,
  parseAssociationLimitsLine,
  parseDuration,
  parseReportLine,
  parseSlurmInt,
  parseTresList,
  parseTresString,
  sumDicts,
} from './slurm-parser.js';

const KNOWN = new Set(['cpu', 'mem', 'gres/gpu']);

describe('parseSlurmInt', () => {
  it.each([
    ['42', 42],
    ['5K', 5 * 1024],
    ['2M', 2 * 2 ** 20],
    ['3G', 3 * 2 ** 30],
    ['1T', 2 ** 40],
    ['1P', 2 ** 50],
    ['7X', 7],
    ['abc', 0],
    ['', 0],
  ])('%s → %d', (input, expected) => {
    expect(parseSlurmInt(input)).toBe(expected);
  });
});

describe('parseDuration (minutes)', () => {
  it.each([
    ['00:01:00', 1],
    ['00:00:03', 0.05],
    ['00:01:03', 1.05],
    ['01:00:00.999999', 60],
    ['1-00:00:00', 1440],
    ['2-01:00:30.5', 2 * 1440 + 60 + 0.5],
    ['36:00:00', 36 * 60],
    ['05:30', 5.5],
    ['garbage', 0],
  ])('%s → %d', (input, expected) => {
    expect(parseDuration(input)).toBeCloseTo(expected, 10);
  });
});

describe('line parsing', () => {
  it('ignores lines without "|"', () => {
    expect(dataLines(' Adding Account(s)\nhpc_a|x|y\n\n')).toEqual(['hpc_a|x|y']);
  });

  it('TRES strings', () => {
    expect(parseTresString('cpu=4,mem=8G,gres/gpu=1,bogus')).toEqual({
      cpu: '4',
      mem: '8G',
      'gres/gpu': '1',
    });
    expect(parseTresString('')).toEqual({});
  });

  it('report line: TRES × minutes for known components, mem bytes → MB', () => {
    const line = parseReportLine(
      ' hpc_a |cpu=64,mem=524288M,node=1,billing=64,gres/gpu=4|02:00:00|bob',
      KNOWN,
    );
    expect(line.account).toBe('hpc_a');
    expect(line.user).toBe('bob');
    expect(line.tresUsage).toEqual({ cpu: 64 * 120, mem: 524288 * 120, 'gres/gpu': 4 * 120 });
  });

  it('association limits line: known keys only, mem bytes → MB, optional user', () => {
    expect(parseAssociationLimitsLine('hpc_a|cpu=600000,mem=600G,node=3', KNOWN)).toEqual({
      account: 'hpc_a',
      user: '',
      tresLimits: { cpu: 600000, mem: 600 * 1024 },
    });
    expect(parseAssociationLimitsLine('hpc_a|cpu=10|alice', KNOWN).user).toBe('alice');
    expect(parseAssociationLimitsLine('hpc_a||', KNOWN).tresLimits).toEqual({});
  });

  it('account line', () => {
    expect(parseAccountLine('hpc_a|Alloc|hpc_p')).toEqual({
      name: 'hpc_a',
      description: 'Alloc',
      organization: 'hpc_p',
    });
  });

  it('tres list', () => {
    expect(parseTresList('CPU||1\ngres|gpu|3\n')).toEqual(['CPU', 'gres/gpu']);
  });

  it('sumDicts', () => {
    expect(sumDicts([{ a: 1, b: 2 }, { a: 3 }, {}])).toEqual({ a: 4, b: 2 });
  });
});
