// sacct: job and usage queries exactly as the agent sends them (`--parsable2 --noheader --noconvert
// --truncate --allocations --allusers --starttime= --endtime= --accounts= --format=...`), over the
// jobs and injected usage records in the state.
import { getoptLong, type LongOption } from './getopt.js';
import {
  findSacctField,
  jobLines,
  parseJobState,
  SACCT_FIELDS,
  type SacctField,
  sacctValue,
} from './job-view.js';
import { mockNow } from './mock-clock.js';
import { type ParsableMode, renderTable } from './print-fields.js';
import { parseSlurmTime } from './slurm-time.js';
import { addToCharList } from './strip-quotes.js';
import { SLURM_VERSION, type ToolContext } from './tool-context.js';

const LONG: readonly LongOption[] = [
  { name: 'allusers', arg: 'none', id: 'a' },
  { name: 'accounts', arg: 'required', id: 'A' },
  { name: 'allocations', arg: 'none', id: 'X' },
  { name: 'allclusters', arg: 'none', id: 'L' },
  { name: 'brief', arg: 'none', id: 'b' },
  { name: 'clusters', arg: 'required', id: 'M' },
  { name: 'duplicates', arg: 'none', id: 'D' },
  { name: 'endtime', arg: 'required', id: 'E' },
  { name: 'format', arg: 'required', id: 'o' },
  { name: 'help', arg: 'none', id: 'h' },
  { name: 'helpformat', arg: 'none', id: 'e' },
  { name: 'jobs', arg: 'required', id: 'j' },
  { name: 'long', arg: 'none', id: 'l' },
  { name: 'name', arg: 'required', id: 'name' },
  { name: 'noconvert', arg: 'none', id: 'noconvert' },
  { name: 'noheader', arg: 'none', id: 'n' },
  { name: 'nodelist', arg: 'required', id: 'N' },
  { name: 'parsable', arg: 'none', id: 'p' },
  { name: 'parsable2', arg: 'none', id: 'P' },
  { name: 'partition', arg: 'required', id: 'r' },
  { name: 'starttime', arg: 'required', id: 'S' },
  { name: 'state', arg: 'required', id: 's' },
  { name: 'truncate', arg: 'none', id: 'T' },
  { name: 'uid', arg: 'required', id: 'u' },
  { name: 'usage', arg: 'none', id: 'h' },
  { name: 'user', arg: 'required', id: 'u' },
  { name: 'verbose', arg: 'none', id: 'v' },
  { name: 'version', arg: 'none', id: 'V' },
];

const USAGE = `Usage: sacct [options]
  Use --help for a list of options, --helpformat for format fields.
  Options supported by slurm-mock:
     -a, --allusers, -A, --accounts=, -b, --brief, -E, --endtime=, -e, --helpformat,
     -j, --jobs=, -l, --long, -L, --allclusters, -M, --clusters=, -n, --noheader,
     --name=, --noconvert, -N, --nodelist=, -o, --format=, -p, --parsable,
     -P, --parsable2, -r, --partition=, -s, --state=, -S, --starttime=,
     -T, --truncate, -u, --user=, -V, --version, -X, --allocations
`;

const DEFAULT_FORMAT = ['JobID', 'JobName', 'Partition', 'Account', 'AllocCPUS', 'State', 'ExitCode'];
const BRIEF_FORMAT = ['JobID', 'State', 'ExitCode'];
const LONG_FORMAT = [
  'JobID',
  'JobIDRaw',
  'JobName',
  'Partition',
  'AllocCPUS',
  'Elapsed',
  'State',
  'ExitCode',
  'NNodes',
  'NodeList',
  'Account',
  'User',
  'ReqTRES',
  'AllocTRES',
  'Start',
  'End',
  'Timelimit',
];

export function sacctMain(argv: readonly string[], tool: ToolContext): number {
  const { io } = tool;
  const parsed = getoptLong('sacct', argv, 'aA:bDeE:hj:lLM:nN:o:pPr:s:S:Tu:vVX', LONG);
  if (!parsed.ok) {
    io.err(`${parsed.error}Try "sacct --help" for more information\n`);
    return 1;
  }
  const state = tool.store.read();
  const now = mockNow(state.clock, tool.realClock);
  let parsable: ParsableMode = 'none';
  let header = true;
  let convert = true;
  let allocationsOnly = false;
  let truncate = false;
  let allClusters = false;
  let format: string[] | null = null;
  let preset = DEFAULT_FORMAT;
  let startText: string | null = null;
  let endText: string | null = null;
  const accounts: string[] = [];
  const users: string[] = [];
  const clusters: string[] = [];
  const jobIds: number[] = [];
  const partitions: string[] = [];
  const states: string[] = [];
  const names: string[] = [];
  const nodes: string[] = [];
  for (const o of parsed.opts) {
    const arg = o.arg ?? '';
    switch (o.id) {
      case 'h':
        io.out(USAGE);
        return 0;
      case 'V':
        io.out(`slurm ${SLURM_VERSION}\n`);
        return 0;
      case 'e':
        for (let i = 0; i < SACCT_FIELDS.length; i += 4) {
          io.out(
            `${SACCT_FIELDS.slice(i, i + 4)
              .map((f) => f.name.padEnd(20))
              .join('')
              .trimEnd()}\n`,
          );
        }
        return 0;
      case 'a':
      case 'D':
      case 'v':
        break;
      case 'A':
        addToCharList(accounts, arg);
        break;
      case 'b':
        preset = BRIEF_FORMAT;
        break;
      case 'l':
        preset = LONG_FORMAT;
        break;
      case 'E':
        endText = arg;
        break;
      case 'S':
        startText = arg;
        break;
      case 'j':
        for (const id of arg.split(',')) {
          const n = Number.parseInt(id, 10);
          if (!Number.isInteger(n) || n <= 0) {
            io.err(`sacct: error: Invalid job id: ${id}\n`);
            return 1;
          }
          jobIds.push(n);
        }
        break;
      case 'L':
        allClusters = true;
        break;
      case 'M':
        if (arg.toLowerCase() === 'all') allClusters = true;
        else addToCharList(clusters, arg);
        break;
      case 'n':
        header = false;
        break;
      case 'N':
        nodes.push(...arg.split(','));
        break;
      case 'o':
        format = [...(format ?? []), ...arg.split(',').filter((x) => x !== '')];
        break;
      case 'p':
        parsable = 'ending';
        break;
      case 'P':
        parsable = 'no-ending';
        break;
      case 'r':
        addToCharList(partitions, arg);
        break;
      case 's':
        for (const code of arg.split(',')) {
          const s = parseJobState(code);
          if (s === undefined) {
            io.err(`sacct: error: Invalid state: ${code}\n`);
            return 1;
          }
          states.push(s);
        }
        break;
      case 'T':
        truncate = true;
        break;
      case 'u':
        addToCharList(users, arg);
        break;
      case 'X':
        allocationsOnly = true;
        break;
      case 'noconvert':
        convert = false;
        break;
      case 'name':
        names.push(...arg.split(','));
        break;
      default:
        break;
    }
  }
  if (parsed.operands.length > 0) {
    io.err(`sacct: error: Unknown arguments:\n ${parsed.operands.join(' ')}\n`);
    return 1;
  }
  const fields: SacctField[] = [];
  for (const item of format ?? preset) {
    const pct = item.indexOf('%');
    const name = pct === -1 ? item : item.slice(0, pct);
    const def = findSacctField(name);
    if (def === undefined) {
      io.err(`Invalid field requested: "${name}"\n`);
      return 1;
    }
    const width = pct === -1 ? 0 : Number.parseInt(item.slice(pct + 1), 10) || 0;
    fields.push({ name: def.name, len: width !== 0 ? width : def.len });
  }
  const parseTime = (text: string): Date | null => {
    const d = parseSlurmTime(text, now);
    if (d === null) io.err(`sacct: error: Invalid time specification (pos=0): ${text}\n`);
    return d;
  };
  const from =
    startText === null
      ? jobIds.length > 0
        ? new Date(0)
        : new Date(now.getFullYear(), now.getMonth(), now.getDate())
      : parseTime(startText);
  if (from === null) return 1;
  const to = endText === null ? now : parseTime(endText);
  if (to === null) return 1;
  const clusterFilter = allClusters ? null : clusters.length > 0 ? clusters : [state.localCluster];
  const selected = state.jobs
    .filter((j) => clusterFilter === null || clusterFilter.includes(j.cluster))
    .filter((j) => accounts.length === 0 || accounts.includes(j.account.toLowerCase()))
    .filter((j) => users.length === 0 || users.includes(j.user.toLowerCase()))
    .filter((j) => jobIds.length === 0 || jobIds.includes(j.id))
    .filter((j) => partitions.length === 0 || partitions.includes(j.partition))
    .filter((j) => states.length === 0 || states.includes(j.state))
    .filter((j) => names.length === 0 || names.includes(j.name))
    .filter((j) => nodes.length === 0 || nodes.includes(j.nodeList))
    .filter((j) => {
      const begin = new Date(j.start ?? j.submit);
      const end = j.end === null ? null : new Date(j.end);
      if (jobIds.length > 0 && startText === null) return true;
      return begin <= to && (end === null || end >= from);
    })
    .sort((x, y) => x.id - y.id);
  const lines = selected.flatMap((j) =>
    jobLines(j, now, { allocationsOnly, truncate: truncate ? { from, to } : null }),
  );
  const rows = lines.map((line) => fields.map((f) => sacctValue(f.name, line, state, convert)));
  io.out(
    renderTable(
      fields.map((f) => ({ header: f.name, len: f.len })),
      rows,
      { parsable, header },
    ),
  );
  return 0;
}
