import { describe, expect, it } from 'vitest';
import { checkGoals, goalsTable } from '../report/goals.js';
import { ratiosTable } from '../report/markdown.js';
import { Results } from '../report/results.js';
import { recordMetricsOverhead } from './metrics-overhead.js';

function overhead(off: number[], on: number[]): Results {
  const r = new Results();
  r.addRate({ id: 'relay.1', scenario: '3', label: 'relay off', unit: 'msg/s', nOf: 'runs' }, off);
  recordMetricsOverhead(r, {
    what: 'relay msg/s at fan-out 1',
    offId: 'relay.1',
    on: { id: 'relay.1.metrics', scenario: '3', label: 'relay on', unit: 'msg/s', nOf: 'runs' },
    offRuns: off,
    onRuns: on,
    ratioId: 'ratio.metrics.1',
  });
  return r;
}

describe('metrics overhead rows', () => {
  it('adds the metrics-on figure next to the off one, with its runs', () => {
    const r = overhead([1000, 1100, 900], [990, 1050, 950]);
    expect(r.figures.map((f) => f.id)).toEqual(['relay.1', 'relay.1.metrics']);
    expect(r.figure('relay.1.metrics')?.median).toBe(990);
    expect(r.figure('relay.1.metrics')?.higherIsBetter).toBe(true);
  });

  it('divides each on run by its paired off run and takes the median, so drift between pairs cancels', () => {
    // The machine slows down by half between pairs; on is 2 % slower than off in every pair.
    const off = [1000, 500, 250];
    const on = off.map((v) => v * 0.98);
    const r = overhead(off, on);
    const ratio = r.ratios.find((x) => x.id === 'ratio.metrics.1');
    expect(ratio?.value).toBeCloseTo(0.98, 10);
    expect(ratio).toMatchObject({ numerator: 'relay.1.metrics', denominator: 'relay.1' });
    expect(ratiosTable(r)).toContain(
      '| relay msg/s at fan-out 1, metrics on / off (median of paired runs) | 0.980× |',
    );
  });

  it('meets the goal within 5 % and fails it beyond', () => {
    expect(checkGoals(overhead([1000, 1000], [960, 955])).map((g) => [g.ref, g.met])).toEqual([
      ['ratio.metrics.1', true],
    ]);
    const slow = overhead([1000, 1000, 1000], [900, 940, 990]);
    expect(checkGoals(slow)[0]).toMatchObject({ value: 0.94, met: false, op: '≥', target: 0.95 });
    expect(goalsTable(slow)).toContain(
      '| relay msg/s at fan-out 1: metrics on within 5 % of off | 0.940× | ≥ 0.950× | no |',
    );
  });

  it('leaves the goal unmeasured when no pair was completed', () => {
    const r = overhead([1000, 1000], []);
    expect(r.ratios).toEqual([]);
    expect(checkGoals(r)[0]).toMatchObject({ value: undefined, met: undefined });
  });

  it('pairs runs by index and skips pairs with a missing or zero rate', () => {
    const r = new Results();
    const ratio = r.pairedRatio(
      { id: 'p', scenario: '3', label: 'p', numerator: 'a', denominator: 'b' },
      [10, 20, 30, 40],
      [10, 0, Number.NaN],
    );
    expect(ratio?.value).toBe(1);
  });
});
