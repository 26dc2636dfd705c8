// The results as a markdown report: the machine, one table row per figure (median, p99, unit, sample count,
// measured/derived/modelled), the ratios, and the notes that say how each number was obtained.
import type { MachineInfo } from './machine-info.js';
import { fmt, fmtDuration, fmtRatio } from './format.js';
import { goalsTable } from './goals.js';
import type { Results } from './results.js';

export interface RunInfo {
  readonly startedAt: string;
  readonly wallMs: number;
  readonly mode: string;
  readonly scenarios: readonly string[];
}

const escape = (s: string): string => s.replaceAll('|', '\\|');

export function machineLine(m: MachineInfo): string {
  return (
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Linux ${m.kernel}; node ${m.node}; ` +
    `RabbitMQ ${m.rabbitmq} (Erlang ${m.erlang}, broker from ${m.brokerSource}); PostgreSQL ${m.postgres} (${m.databaseKind}); ` +
    `load average at start ${m.loadAverageAtStart.join(' / ')} (1/5/15 min); commit ${m.gitCommit}`
  );
}

export function figuresTable(results: Results): string {
  const lines = [
    '| scenario | figure | median | p99 | unit | n | kind |',
    '|---|---|---:|---:|---|---:|---|',
  ];
  for (const f of results.figures) {
    const label = f.note === undefined ? f.label : `${f.label} (${f.note})`;
    lines.push(
      `| ${f.scenario} | ${escape(label)} | ${fmt(f.median)} | ${fmt(f.p99)} | ${f.unit}${f.higherIsBetter ? ' ↑' : ''} | ${f.n} ${f.nOf} | ${f.kind} |`,
    );
  }
  return lines.join('\n');
}

/** The figures the README's Performance section shows, in this order. */
export const HEADLINE_IDS: readonly string[] = [
  'latency.event',
  'latency.event.alloc',
  'latency.floor',
  'latency.poll1s',
  'latency.poll-default',
  'latency.notify',
  'slurm.share.event',
  'slurm.read',
  'consumer.agent',
  'consumer.bare',
  'publish.msgs.1',
  'publish.msgs.100',
  'baseline.msgs',
  'baseline-nodelay.msgs',
  'publish.relay.1000',
  'agent.rss.idle.2',
  'agent.rss.idle.100',
  'agent.cpu.load.100',
];

export function headlineTable(results: Results): string {
  const lines = ['| figure | median | p99 | unit | kind |', '|---|---:|---:|---|---|'];
  for (const id of HEADLINE_IDS) {
    const f = results.figure(id);
    if (f === undefined) continue;
    lines.push(
      `| ${escape(f.label)} | ${fmt(f.median)} | ${fmt(f.p99)} | ${f.unit}${f.higherIsBetter ? ' ↑' : ''} | ${f.kind} |`,
    );
  }
  return lines.join('\n');
}

export function ratiosTable(results: Results): string {
  const lines = ['| ratio (medians, same run) | value |', '|---|---:|'];
  for (const r of results.ratios) lines.push(`| ${escape(r.label)} | ${fmtRatio(r.value)} |`);
  return lines.join('\n');
}

export function renderMarkdown(results: Results, machine: MachineInfo, run: RunInfo): string {
  const parts = [
    `# waldur-sim benchmark, ${run.startedAt} (${run.mode})`,
    '',
    `Machine: ${machineLine(machine)}.`,
    '',
    `Scenarios: ${run.scenarios.join(', ')}. Wall time: ${fmtDuration(run.wallMs)}.`,
    '',
    '## Headline',
    '',
    headlineTable(results),
    '',
    ratiosTable(results),
    '',
    goalsTable(results),
    '',
    '## Figures',
    '',
    figuresTable(results),
    '',
    'median and p99 over the n samples. For rates (↑) n counts runs and p99 is the slow side: the rate 99 % of',
    'the runs beat. "measured": timed in this run; "derived": arithmetic on figures measured in this run;',
    '"modelled": a model fed with figures measured in this run (see the notes).',
    '',
  ];
  if (results.notes.length > 0) parts.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '');
  if (results.errors.length > 0)
    parts.push(
      '## Failed scenarios',
      '',
      ...results.errors.map((e) => `- ${e.scenario}: ${escape(e.message.split('\n')[0] ?? '')}`),
      '',
    );
  return parts.join('\n');
}
