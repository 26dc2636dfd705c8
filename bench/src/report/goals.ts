// Checks the run's figures against the performance goals the scenarios registered (relay throughput beside the
// broker's confirm floor, publisher CPU per event, notification latency beside the broker-only floor), so the
// report says in the same run whether each goal is met.
import { fmt, fmtRatio } from './format.js';
import type { Goal, Results } from './results.js';

export interface GoalCheck extends Goal {
  /** The ratio's value or the figure's median; undefined when the run did not produce it. */
  readonly value: number | undefined;
  readonly met: boolean | undefined;
}

export function checkGoals(results: Results): GoalCheck[] {
  return results.goals.map((goal) => {
    const value = results.ratios.find((r) => r.id === goal.ref)?.value ?? results.figure(goal.ref)?.median;
    const known = value !== undefined && Number.isFinite(value);
    const met = known ? (goal.op === '≥' ? value >= goal.target : value <= goal.target) : undefined;
    return { ...goal, value: known ? value : undefined, met };
  });
}

function show(value: number | undefined, unit: string): string {
  if (value === undefined) return '–';
  return unit === '×' ? fmtRatio(value) : `${fmt(value)} ${unit}`;
}

export function goalsTable(results: Results): string {
  const lines = ['| goal | measured | target | met |', '|---|---:|---:|---|'];
  for (const g of checkGoals(results)) {
    const met = g.met === undefined ? 'not measured' : g.met ? 'yes' : 'no';
    lines.push(
      `| ${g.label.replaceAll('|', '\\|')} | ${show(g.value, g.unit)} | ${g.op} ${show(g.target, g.unit)} | ${met} |`,
    );
  }
  return lines.join('\n');
}
