// Job accounting as sacct reports it: the allocation line plus its `batch`/`extern` steps, elapsed
// time (optionally truncated to the query window) and the per-field text.
import { formatDuration, formatMinutes, formatSlurmDate } from './slurm-time.js';
import type { JobRec, MockState } from './state-types.js';
import { formatMemMb, formatTres } from './tres.js';

export interface JobLine {
  job: JobRec;
  /** null for the allocation line, else the step name. */
  step: 'batch' | 'extern' | null;
  start: Date | null;
  end: Date | null;
  elapsedSeconds: number;
}

export const ACTIVE_STATES = new Set(['PENDING', 'RUNNING']);

export function jobLines(
  job: JobRec,
  now: Date,
  options: { allocationsOnly: boolean; truncate: { from: Date; to: Date } | null },
): JobLine[] {
  let start = job.start === null ? null : new Date(job.start);
  let end = job.end === null ? null : new Date(job.end);
  if (options.truncate !== null && start !== null) {
    if (start < options.truncate.from) start = options.truncate.from;
    const effectiveEnd = end ?? now;
    if (effectiveEnd > options.truncate.to) end = options.truncate.to;
  }
  const elapsedSeconds =
    start === null ? 0 : Math.max(0, Math.floor(((end ?? now).getTime() - start.getTime()) / 1000));
  const base: JobLine = { job, step: null, start, end, elapsedSeconds };
  if (options.allocationsOnly || job.start === null) return [base];
  return [base, { ...base, step: 'batch' }, { ...base, step: 'extern' }];
}

export interface SacctField {
  name: string;
  len: number;
}

/** Alphabetical, as sacct matches prefixes in this order. */
export const SACCT_FIELDS: readonly SacctField[] = [
  { name: 'Account', len: 10 },
  { name: 'AllocCPUS', len: 10 },
  { name: 'AllocNodes', len: 10 },
  { name: 'AllocTRES', len: 10 },
  { name: 'Cluster', len: 10 },
  { name: 'CPUTime', len: 10 },
  { name: 'CPUTimeRAW', len: 10 },
  { name: 'Elapsed', len: 10 },
  { name: 'ElapsedRaw', len: 10 },
  { name: 'End', len: 19 },
  { name: 'ExitCode', len: 8 },
  { name: 'JobID', len: 12 },
  { name: 'JobIDRaw', len: 12 },
  { name: 'JobName', len: 10 },
  { name: 'NCPUS', len: 10 },
  { name: 'NNodes', len: 8 },
  { name: 'NodeList', len: 15 },
  { name: 'Partition', len: 10 },
  { name: 'QOS', len: 10 },
  { name: 'ReqCPUS', len: 8 },
  { name: 'ReqMem', len: 10 },
  { name: 'ReqNodes', len: 8 },
  { name: 'ReqTRES', len: 10 },
  { name: 'Start', len: 19 },
  { name: 'State', len: 10 },
  { name: 'Submit', len: 19 },
  { name: 'Timelimit', len: 10 },
  { name: 'TimelimitRaw', len: 10 },
  { name: 'User', len: 9 },
];

export function findSacctField(token: string): SacctField | undefined {
  const t = token.toLowerCase();
  if (t === '') return undefined;
  return SACCT_FIELDS.find((f) => f.name.toLowerCase().startsWith(t));
}

function jobStateText(line: JobLine): string {
  if (line.job.state === 'CANCELLED' && line.step === null) return 'CANCELLED by 0';
  return line.job.state;
}

export function sacctValue(field: string, line: JobLine, state: MockState, convert: boolean): string {
  const { job, step } = line;
  const alloc = step === null;
  const pending = job.state === 'PENDING';
  const date = (d: Date | null): string => (d === null ? 'Unknown' : formatSlurmDate(d));
  switch (field) {
    case 'Account':
      return job.account;
    case 'AllocCPUS':
    case 'NCPUS':
      return pending ? '0' : String(job.cpus);
    case 'AllocNodes':
      return pending ? '0' : String(job.nodes);
    case 'AllocTRES':
      return pending ? '' : formatTres(job.reqTres, state.tres, convert);
    case 'Cluster':
      return job.cluster;
    case 'CPUTime':
      return formatDuration(line.elapsedSeconds * job.cpus);
    case 'CPUTimeRAW':
      return String(line.elapsedSeconds * job.cpus);
    case 'Elapsed':
      return formatDuration(line.elapsedSeconds);
    case 'ElapsedRaw':
      return String(line.elapsedSeconds);
    case 'End':
      return date(line.end);
    case 'ExitCode':
      return job.exitCode;
    case 'JobID':
    case 'JobIDRaw':
      return alloc ? String(job.id) : `${job.id}.${step}`;
    case 'JobName':
      return alloc ? job.name : step;
    case 'NNodes':
    case 'ReqNodes':
      return String(job.nodes);
    case 'NodeList':
      return pending ? 'None assigned' : job.nodeList;
    case 'Partition':
      return alloc ? job.partition : '';
    case 'QOS':
      return alloc ? job.qos : '';
    case 'ReqCPUS':
      return String(job.cpus);
    case 'ReqMem':
      return alloc ? formatMemMb(job.reqTres['2'] ?? 0, convert) : '';
    case 'ReqTRES':
      return alloc ? formatTres(job.reqTres, state.tres, convert) : '';
    case 'Start':
      return date(line.start);
    case 'State':
      return jobStateText(line);
    case 'Submit':
      return formatSlurmDate(new Date(job.submit));
    case 'Timelimit':
      return alloc ? formatMinutes(job.timeLimit) : '';
    case 'TimelimitRaw':
      return alloc ? (job.timeLimit === null ? 'UNLIMITED' : String(job.timeLimit)) : '';
    case 'User':
      return alloc ? job.user : '';
    default:
      return '';
  }
}

const STATE_CODES: Record<string, string> = {
  pd: 'PENDING',
  pending: 'PENDING',
  r: 'RUNNING',
  running: 'RUNNING',
  cd: 'COMPLETED',
  completed: 'COMPLETED',
  ca: 'CANCELLED',
  cancelled: 'CANCELLED',
  f: 'FAILED',
  failed: 'FAILED',
  to: 'TIMEOUT',
  timeout: 'TIMEOUT',
};

export function parseJobState(code: string): string | undefined {
  return STATE_CODES[code.toLowerCase()];
}
