// The cost of Prometheus metrics, measured in the same run: a scenario alternates its runs with metrics off and
// on (off, on, off, on…), and this records the metrics-on figure next to the metrics-off one, the on / off ratio
// of the paired runs and the goal that metrics cost at most 5 % of the rate (docs/metrics.md#overhead).
import type { FigureInput, Results } from '../report/results.js';

/** Metrics on may cost at most this share of a rate. */
export const METRICS_OVERHEAD_LIMIT = 0.05;

export interface MetricsOverheadInput {
  /** What is compared, e.g. "relay msg/s at fan-out 10". */
  readonly what: string;
  /** The metrics-off figure, added by the scenario from `offRuns`. */
  readonly offId: string;
  /** The metrics-on figure (a rate), added here from `onRuns`. */
  readonly on: FigureInput;
  /** Per-run rates; run i of each list were made next to each other. */
  readonly offRuns: readonly number[];
  readonly onRuns: readonly number[];
  readonly ratioId: string;
}

export function recordMetricsOverhead(results: Results, input: MetricsOverheadInput): void {
  results.addRate(input.on, input.onRuns);
  results.pairedRatio(
    {
      id: input.ratioId,
      scenario: input.on.scenario,
      label: `${input.what}, metrics on / off (median of paired runs)`,
      numerator: input.on.id,
      denominator: input.offId,
      note: 'runs alternate metrics off and on; the median of each on run divided by the off run paired with it',
    },
    input.onRuns,
    input.offRuns,
  );
  results.goal({
    label: `${input.what}: metrics on within ${String(METRICS_OVERHEAD_LIMIT * 100)} % of off`,
    ref: input.ratioId,
    op: '≥',
    target: 1 - METRICS_OVERHEAD_LIMIT,
    unit: '×',
  });
}
