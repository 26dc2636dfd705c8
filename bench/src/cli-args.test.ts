import { describe, expect, it } from 'vitest';
import { BenchError } from './bench-error.js';
import { parseCli } from './cli-args.js';

describe('parseCli', () => {
  it('defaults to the full run of every scenario', () => {
    expect(parseCli([])).toEqual({ quick: false, help: false, only: [] });
  });

  it('takes names and issue numbers for --only', () => {
    expect(parseCli(['--quick', '--only', 'latency,5']).only).toEqual(['latency', 'slurm']);
    expect(parseCli(['--only=4']).only).toEqual(['publish', 'agent-scale']);
    expect(parseCli(['--', '--quick']).quick).toBe(true);
  });

  it('rejects unknown scenarios and arguments with a usage error', () => {
    expect(() => parseCli(['--only', 'nope'])).toThrow(BenchError);
    expect(() => parseCli(['--fast'])).toThrow(/unknown argument/);
    expect(() => parseCli(['--only'])).toThrow(/needs a scenario/);
  });
});
