// A strict parser of the Prometheus text exposition format (version 0.0.4) for tests of both halves' /metrics.
// Strict on purpose: every sample line must be `name{labels} value`, every family must have # HELP and # TYPE
// before its samples, and a sample must belong to the family declared before it. (The npm parser
// parse-prometheus-text-format drops the labels, _sum and _count of labelled histograms, so it cannot check them.)
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface MetricSample {
  /** Full sample name (e.g. `x_bucket`, `x_sum` of histogram `x`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly MetricSample[];
}

export class ExpositionFormatError extends Error {
  override readonly name = 'ExpositionFormatError';
  readonly code = 'ERR_EXPOSITION_FORMAT' as const;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:\\.|[^"\\])*)"(?:,|$)/;
const TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const m = LABEL.exec(rest);
    if (m === null) throw new ExpositionFormatError(`bad labels in: ${line}`);
    const [all, key = '', raw = ''] = m;
    labels[key] = raw.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(all.length);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text))
    throw new ExpositionFormatError(`bad value in: ${line}`);
  return Number(text);
}

export function parseExposition(text: string): MetricFamily[] {
  const families: { name: string; help: string; type: MetricType; samples: MetricSample[] }[] = [];
  let help: { name: string; text: string } | null = null;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const helpMatch = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
    if (helpMatch !== null) {
      help = { name: helpMatch[1] ?? '', text: helpMatch[2] ?? '' };
      continue;
    }
    const typeMatch = new RegExp(`^# TYPE (${NAME}) (\\w+)$`).exec(line);
    if (typeMatch !== null) {
      const [, name = '', type = ''] = typeMatch;
      if (help?.name !== name) throw new ExpositionFormatError(`# TYPE without # HELP for ${name}`);
      if (!TYPES.includes(type)) throw new ExpositionFormatError(`unknown type in: ${line}`);
      if (families.some((f) => f.name === name)) throw new ExpositionFormatError(`${name} declared twice`);
      families.push({ name, help: help.text, type: type as MetricType, samples: [] });
      continue;
    }
    if (line.startsWith('#')) throw new ExpositionFormatError(`unexpected comment: ${line}`);
    const m = SAMPLE.exec(line);
    if (m === null) throw new ExpositionFormatError(`not a sample line: ${line}`);
    const [, name = '', labelText = '', valueText = ''] = m;
    const family = families[families.length - 1];
    if (family === undefined || !SUFFIXES[family.type].some((s) => `${family.name}${s}` === name)) {
      throw new ExpositionFormatError(`sample ${name} outside its family's # TYPE`);
    }
    family.samples.push({ name, labels: parseLabels(labelText, line), value: parseValue(valueText, line) });
  }
  return families;
}

/** The family `name`, or an error naming the families that are there. */
export function metricFamily(families: readonly MetricFamily[], name: string): MetricFamily {
  const f = families.find((x) => x.name === name);
  if (f === undefined) {
    throw new ExpositionFormatError(`no metric ${name}; have ${families.map((x) => x.name).join(', ')}`);
  }
  return f;
}
