// Which figures the SVG chart shows: the headline latency comparison, the two throughput comparisons, and the
// agent's footprint. Missing figures (a scenario not run or failed) are left out.
import type { ChartPanel } from './svg-chart.js';
import type { Figure, Results } from './results.js';

function pick(results: Results, ids: readonly string[]): Figure[] {
  return ids.map((id) => results.figure(id)).filter((f): f is Figure => f !== undefined);
}

export function chartPanels(results: Results): ChartPanel[] {
  const agentRss = results.figures.filter((f) => f.id.startsWith('agent.rss.'));
  const agentCpu = results.figures.filter((f) => f.id.startsWith('agent.cpu.'));
  return [
    {
      title: 'Event-to-effect latency, order created → done',
      unit: 'ms',
      figures: pick(results, [
        'latency.notify',
        'latency.floor',
        'latency.event',
        'latency.poll1s',
        'latency.poll-default',
      ]),
    },
    {
      title: 'Consumer throughput on the same queue',
      unit: 'msg/s',
      figures: pick(results, ['consumer.bare', 'consumer.agent']),
    },
    {
      title: 'Publish throughput, commit → broker confirm, vs Waldur-style connection per message',
      unit: 'events/s',
      figures: pick(results, [
        'publish.events.1',
        'baseline.events.1',
        'publish.events.10',
        'baseline.events.10',
        'publish.events.100',
        'baseline.events.100',
      ]),
    },
    {
      title: 'Publisher: commit → last confirm per event as the fan-out grows',
      unit: 'ms',
      figures: results.figures.filter((f) => f.id.startsWith('publish.relay.')),
    },
    { title: 'Agent footprint by STOMP connections', unit: 'MiB', figures: agentRss },
    { title: 'Agent CPU by STOMP connections', unit: '% of a core', figures: agentCpu },
    {
      title: 'SLURM mock, per invocation',
      unit: 'ms',
      figures: pick(results, ['slurm.true', 'slurm.node', 'slurm.read', 'slurm.write']),
    },
  ];
}
