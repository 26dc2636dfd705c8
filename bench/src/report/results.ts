// The result model every scenario writes into: figures (median + p99 of repeated samples, with a unit, a
// direction and whether the number was measured, derived from measured numbers, or modelled), and ratios
// computed from figures of the same run. This is what goes to results/<date>.json, .md and .svg.
import { quantile, summarize, summarizeRate, type Summary } from '../stats.js';

export type FigureKind = 'measured' | 'derived' | 'modelled';

export interface Figure {
  readonly id: string;
  readonly scenario: string;
  readonly label: string;
  readonly unit: string;
  readonly median: number;
  readonly p99: number;
  readonly n: number;
  /** What `n` counts (samples, runs, intervals). */
  readonly nOf: string;
  readonly kind: FigureKind;
  readonly higherIsBetter: boolean;
  readonly note?: string | undefined;
}

export interface Ratio {
  readonly id: string;
  readonly scenario: string;
  readonly label: string;
  readonly value: number;
  readonly numerator: string;
  readonly denominator: string;
  readonly note?: string | undefined;
}

/** A target for a ratio or a figure's median, printed with the measured value (see goals.ts). */
export interface Goal {
  readonly label: string;
  /** A ratio id, else a figure id (its median). */
  readonly ref: string;
  readonly op: '≥' | '≤';
  readonly target: number;
  readonly unit: string;
}

export interface FigureInput {
  readonly id: string;
  readonly scenario: string;
  readonly label: string;
  readonly unit: string;
  readonly nOf: string;
  readonly kind?: FigureKind;
  readonly note?: string | undefined;
}

type RatioArgs = [
  id: string,
  scenario: string,
  label: string,
  numeratorId: string,
  denominatorId: string,
  note?: string,
];

export class Results {
  readonly figures: Figure[] = [];
  readonly ratios: Ratio[] = [];
  readonly goals: Goal[] = [];
  readonly details: Record<string, unknown> = {};
  readonly notes: string[] = [];
  readonly errors: { scenario: string; message: string }[] = [];

  /** A lower-is-better figure (latency, time, memory, CPU) from its samples. */
  add(input: FigureInput, samples: readonly number[]): Figure {
    return this.push(input, summarize(samples), false);
  }

  /** A higher-is-better figure (a rate) from its per-run values; p99 is the slow side. */
  addRate(input: FigureInput, perRun: readonly number[]): Figure {
    return this.push(input, summarizeRate(perRun), true);
  }

  /** A figure whose summary was computed elsewhere (modelled distributions). */
  addSummary(input: FigureInput, summary: Summary, higherIsBetter = false): Figure {
    return this.push(input, summary, higherIsBetter);
  }

  private push(input: FigureInput, s: Summary, higherIsBetter: boolean): Figure {
    const figure: Figure = {
      id: input.id,
      scenario: input.scenario,
      label: input.label,
      unit: input.unit,
      median: s.median,
      p99: s.p99,
      n: s.n,
      nOf: input.nOf,
      kind: input.kind ?? 'measured',
      higherIsBetter,
      ...(input.note === undefined ? {} : { note: input.note }),
    };
    const existing = this.figures.findIndex((f) => f.id === figure.id);
    if (existing >= 0) this.figures.splice(existing, 1, figure);
    else this.figures.push(figure);
    return figure;
  }

  figure(id: string): Figure | undefined {
    return this.figures.find((f) => f.id === id);
  }

  /** numerator / denominator of two figures' medians; skipped when either is missing. */
  ratio(...args: RatioArgs): Ratio | undefined {
    return this.ratioOf('median', ...args);
  }

  /** Like ratio(), of the figures' medians or p99s. */
  ratioOf(which: 'median' | 'p99', ...args: RatioArgs): Ratio | undefined {
    const [id, scenario, label, numeratorId, denominatorId, note] = args;
    const a = this.figure(numeratorId)?.[which];
    const b = this.figure(denominatorId)?.[which];
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
      return undefined;
    const ratio: Ratio = {
      id,
      scenario,
      label,
      value: a / b,
      numerator: numeratorId,
      denominator: denominatorId,
      ...(note === undefined ? {} : { note }),
    };
    this.ratios.push(ratio);
    return ratio;
  }

  /**
   * The median of the per-pair ratios numeratorRuns[i] / denominatorRuns[i] of runs made next to each other
   * (off, on, off, on…), so drift of the machine cancels pair by pair; skipped when no pair is complete.
   */
  pairedRatio(
    ratio: Omit<Ratio, 'value'>,
    numeratorRuns: readonly number[],
    denominatorRuns: readonly number[],
  ): Ratio | undefined {
    const pairs = Math.min(numeratorRuns.length, denominatorRuns.length);
    const each: number[] = [];
    for (let i = 0; i < pairs; i += 1) {
      const a = numeratorRuns[i] ?? Number.NaN;
      const b = denominatorRuns[i] ?? Number.NaN;
      if (Number.isFinite(a) && Number.isFinite(b) && b !== 0) each.push(a / b);
    }
    if (each.length === 0) return undefined;
    const value: Ratio = { ...ratio, value: quantile(each, 0.5) };
    this.ratios.push(value);
    return value;
  }

  goal(goal: Goal): void {
    this.goals.push(goal);
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }

  note(text: string): void {
    this.notes.push(text);
  }
}
