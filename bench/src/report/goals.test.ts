import { describe, expect, it } from 'vitest';
import { checkGoals, goalsTable } from './goals.js';
import { Results } from './results.js';

function run(): Results {
  const r = new Results();
  r.addRate({ id: 'relay', scenario: '3', label: 'relay', unit: 'msg/s', nOf: 'runs' }, [900, 1000, 1100]);
  r.addRate({ id: 'floor', scenario: '3', label: 'floor', unit: 'msg/s', nOf: 'runs' }, [1000, 1000]);
  r.add({ id: 'cpu', scenario: '4', label: 'cpu', unit: 'ms', nOf: 'events' }, [8, 12, 14]);
  r.add({ id: 'lat', scenario: '1', label: 'lat', unit: 'ms', nOf: 'events' }, [2, 3, 40]);
  r.add({ id: 'lat-floor', scenario: '1', label: 'lat floor', unit: 'ms', nOf: 'events' }, [1, 1, 10]);
  r.ratio('ratio.relay', '3', 'relay / floor', 'relay', 'floor');
  r.ratioOf('p99', 'ratio.lat.p99', '1', 'lat p99 / floor p99', 'lat', 'lat-floor');
  r.goal({ label: 'relay ≥ 0.8× floor', ref: 'ratio.relay', op: '≥', target: 0.8, unit: '×' });
  r.goal({ label: 'cpu ≤ 10 ms', ref: 'cpu', op: '≤', target: 10, unit: 'ms' });
  r.goal({ label: 'p99 ≤ 3× floor', ref: 'ratio.lat.p99', op: '≤', target: 3, unit: '×' });
  r.goal({ label: 'never measured', ref: 'nope', op: '≤', target: 1, unit: '×' });
  return r;
}

describe('goals', () => {
  it('checks ratios and figure medians against their targets', () => {
    const checks = checkGoals(run());
    expect(checks.map((c) => [c.value, c.met])).toEqual([
      [1, true],
      [12, false],
      [expect.closeTo(40 / 10, 1), false],
      [undefined, undefined],
    ]);
  });

  it('ratioOf divides p99s and skips missing figures', () => {
    const r = run();
    expect(r.ratios.find((x) => x.id === 'ratio.lat.p99')?.value).toBeCloseTo(
      r.figure('lat')!.p99 / r.figure('lat-floor')!.p99,
    );
    expect(r.ratioOf('p99', 'x', '1', 'x', 'lat', 'missing')).toBeUndefined();
  });

  it('prints the measured value, the target and whether it is met', () => {
    const table = goalsTable(run());
    expect(table).toContain('| relay ≥ 0.8× floor | 1.00× | ≥ 0.800× | yes |');
    expect(table).toContain('| cpu ≤ 10 ms | 12.0 ms | ≤ 10.0 ms | no |');
    expect(table).toContain('| never measured | – | ≤ 1.00× | not measured |');
  });
});
