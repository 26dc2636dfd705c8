// sinfo: `-V` for the agent's binary check, and the plain partition table (nodes shown allocated
// while jobs run on them) for humans.
import { getoptLong, type LongOption } from './getopt.js';
import { formatMinutes } from './slurm-time.js';
import type { MockState, PartitionRec } from './state-types.js';
import { SLURM_VERSION, type ToolContext } from './tool-context.js';

const LONG: readonly LongOption[] = [
  { name: 'all', arg: 'none', id: 'a' },
  { name: 'clusters', arg: 'required', id: 'M' },
  { name: 'help', arg: 'none', id: 'help' },
  { name: 'long', arg: 'none', id: 'l' },
  { name: 'noheader', arg: 'none', id: 'h' },
  { name: 'Node', arg: 'none', id: 'N' },
  { name: 'partition', arg: 'required', id: 'p' },
  { name: 'responding', arg: 'none', id: 'r' },
  { name: 'summarize', arg: 'none', id: 's' },
  { name: 'usage', arg: 'none', id: 'help' },
  { name: 'version', arg: 'none', id: 'V' },
  { name: 'format', arg: 'required', id: 'o' },
  { name: 'Format', arg: 'required', id: 'O' },
];

const USAGE = `Usage: sinfo [-ahlNrsV] [-p partition] [-M clusters]
  (slurm-mock: custom -o/-O formats are not supported)
`;

function nodeNames(p: PartitionRec): string[] {
  const m = /^([a-z_-]*)\[(\d+)-(\d+)\]$/i.exec(p.nodeList);
  if (m === null) return [p.nodeList];
  const width = (m[2] ?? '').length;
  const first = Number(m[2]);
  return Array.from(
    { length: p.nodeCount },
    (_, i) => `${m[1] ?? ''}${String(first + i).padStart(width, '0')}`,
  );
}

function compress(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0] ?? '';
  const m1 = /^(.*?)(\d+)$/.exec(names[0] ?? '');
  const m2 = /^(.*?)(\d+)$/.exec(names[names.length - 1] ?? '');
  if (m1 === null || m2 === null) return names.join(',');
  return `${m1[1] ?? ''}[${m1[2] ?? ''}-${m2[2] ?? ''}]`;
}

interface Col {
  header: string;
  /** Negative = left-aligned; 0 = unpadded (last column). */
  len: number;
}

/** sinfo's printf-style layout: one space between columns, no dash row, last column unpadded. */
function render(cols: readonly Col[], rows: readonly (readonly string[])[], header: boolean): string {
  const line = (cells: readonly string[]): string =>
    cols
      .map((c, i) => {
        const v = cells[i] ?? '';
        if (c.len === 0) return v;
        const w = Math.abs(c.len);
        const t = v.slice(0, w);
        return c.len < 0 ? t.padEnd(w) : t.padStart(w);
      })
      .join(' ')
      .trimEnd();
  return [...(header ? [line(cols.map((c) => c.header))] : []), ...rows.map(line)]
    .map((l) => `${l}\n`)
    .join('');
}

function allocatedNodes(state: MockState, p: PartitionRec): number {
  const used = state.jobs
    .filter((j) => j.state === 'RUNNING' && j.partition === p.name && j.cluster === state.localCluster)
    .reduce((n, j) => n + j.nodes, 0);
  return Math.min(used, p.nodeCount);
}

export function sinfoMain(argv: readonly string[], tool: ToolContext): number {
  const { io } = tool;
  const parsed = getoptLong('sinfo', argv, 'ahlM:No:O:p:rsV', LONG);
  if (!parsed.ok) {
    io.err(`${parsed.error}Try "sinfo --help" for more information\n`);
    return 1;
  }
  let header = true;
  let summarize = false;
  let nodeOriented = false;
  const partitions: string[] = [];
  for (const o of parsed.opts) {
    if (o.id === 'V') {
      io.out(`slurm ${SLURM_VERSION}\n`);
      return 0;
    }
    if (o.id === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (o.id === 'o' || o.id === 'O') {
      io.err('sinfo: error: slurm-mock does not support custom output formats\n');
      return 1;
    }
    if (o.id === 'h') header = false;
    if (o.id === 's') summarize = true;
    if (o.id === 'N') nodeOriented = true;
    if (o.id === 'p') partitions.push(...(o.arg ?? '').split(','));
  }
  const state = tool.store.read();
  const parts = state.partitions.filter((p) => partitions.length === 0 || partitions.includes(p.name));
  const limit = (p: PartitionRec): string => (p.timeLimit === null ? 'infinite' : formatMinutes(p.timeLimit));
  const label = (p: PartitionRec): string => `${p.name}${p.isDefault ? '*' : ''}`;
  let text = '';
  if (nodeOriented) {
    const rows: string[][] = [];
    for (const p of parts) {
      const alloc = allocatedNodes(state, p);
      nodeNames(p).forEach((n, i) => rows.push([n, '1', label(p), i < alloc ? 'alloc' : 'idle']));
    }
    text = render(
      [
        { header: 'NODELIST', len: -9 },
        { header: 'NODES', len: 5 },
        { header: 'PARTITION', len: -9 },
        { header: 'STATE', len: 0 },
      ],
      rows,
      header,
    );
  } else if (summarize) {
    const rows = parts.map((p) => {
      const alloc = allocatedNodes(state, p);
      return [label(p), 'up', limit(p), `${alloc}/${p.nodeCount - alloc}/0/${p.nodeCount}`, p.nodeList];
    });
    text = render(
      [
        { header: 'PARTITION', len: -9 },
        { header: 'AVAIL', len: 5 },
        { header: 'TIMELIMIT', len: 10 },
        { header: 'NODES(A/I/O/T)', len: 16 },
        { header: 'NODELIST', len: 0 },
      ],
      rows,
      header,
    );
  } else {
    const rows: string[][] = [];
    for (const p of parts) {
      const alloc = allocatedNodes(state, p);
      const names = nodeNames(p);
      if (alloc > 0)
        rows.push([label(p), 'up', limit(p), String(alloc), 'alloc', compress(names.slice(0, alloc))]);
      if (alloc < p.nodeCount)
        rows.push([
          label(p),
          'up',
          limit(p),
          String(p.nodeCount - alloc),
          'idle',
          compress(names.slice(alloc)),
        ]);
    }
    text = render(
      [
        { header: 'PARTITION', len: -9 },
        { header: 'AVAIL', len: 5 },
        { header: 'TIMELIMIT', len: 10 },
        { header: 'NODES', len: 6 },
        { header: 'STATE', len: 6 },
        { header: 'NODELIST', len: 0 },
      ],
      rows,
      header,
    );
  }
  io.out(text);
  return 0;
}
