// The `slurm-mock` control command: reset/show the state, steer the clock, inject usage records (what
// sacct reports), create jobs (what scancel cancels) and arm transient failures for fault tests.
import { parseArgs } from 'node:util';
import { createInitialState } from '../initial-state.js';
import { advanceDate, mockNow } from '../mock-clock.js';
import { checkName } from '../name-validation.js';
import { AssocView, parentAssoc } from '../sacctmgr/assoc-view.js';
import { parseSlurmTime } from '../slurm-time.js';
import { serializeState } from '../state-store.js';
import type { JobRec, JobState, MockState, PartitionRec, TresMap } from '../state-types.js';
import type { ToolContext } from '../tool-context.js';

export const CONTROL_USAGE = `Usage: slurm-mock <command> [options]

State (file: $SLURM_MOCK_STATE, default $XDG_STATE_HOME/waldur-sim/slurm-mock.json):
  path                          print the state file path
  reset [--cluster NAME]        fresh state: cluster (default $SLURM_MOCK_CLUSTER or "linux"),
                                root account + association, root user, QOS normal, TRES table
  show                          print the whole state as JSON

Clock (the mock's "now"; real time unless pinned):
  clock show                    print the mock time (ISO) and mode
  clock set <ISO>               pin the clock, e.g. 2026-03-01T00:00:00Z
  clock advance <duration>      pin the clock at now + duration (90s, 15m, 2h, 1d12h, 1w, 1mo, 1y)
  clock real                    follow the real clock again

Accounting data:
  usage inject --account A --user U --node-hours N [--at ISO] [--nodes N] [--partition P]
               [--state COMPLETED|FAILED|TIMEOUT|CANCELLED]
                                add a finished job of N node-hours starting at --at
                                (default: ending now); 64 cpu, 512G mem, 4 gpu per node
  job create --account A --user U [--state RUNNING|PENDING] [--name N] [--partition P]
             [--nodes N] [--time-limit MINUTES] [--qos Q]
                                submit a job (checks the association, GrpSubmitJobs, MaxSubmitJobs, QOS)

Fault injection:
  fail-next <N> [--command sacctmgr|sacct|scancel|sinfo|sshare] [--exit-code C] [--message TEXT]
                                make the next N invocations (of that tool, or any) fail
  fail-next clear               drop all armed failures

  --help                        this text
`;

function fail(tool: ToolContext, message: string): number {
  tool.io.err(`slurm-mock: error: ${message}\n`);
  return 1;
}

function parseWhen(text: string, now: Date): Date | null {
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return parseSlurmTime(text, now);
}

function partitionFor(state: MockState, name: string | undefined): PartitionRec | undefined {
  return name === undefined
    ? (state.partitions.find((p) => p.isDefault) ?? state.partitions[0])
    : state.partitions.find((p) => p.name === name);
}

function nodeListFor(p: PartitionRec, nodes: number): string {
  const m = /^([a-z_-]*)\[(\d+)-\d+\]$/i.exec(p.nodeList);
  if (m === null) return p.nodeList;
  const width = (m[2] ?? '').length;
  const first = Number(m[2]);
  const name = (i: number): string => String(first + i).padStart(width, '0');
  return nodes === 1 ? `${m[1] ?? ''}${name(0)}` : `${m[1] ?? ''}[${name(0)}-${name(nodes - 1)}]`;
}

function tresFor(p: PartitionRec, nodes: number): TresMap {
  const tres: TresMap = {
    '1': p.cpusPerNode * nodes,
    '2': p.memPerNode * nodes,
    '4': nodes,
    '5': p.cpusPerNode * nodes,
  };
  if (p.gpusPerNode > 0) tres['1001'] = p.gpusPerNode * nodes;
  return tres;
}

function positiveInt(text: string | undefined, fallback: number): number | null {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function clockCommand(args: string[], tool: ToolContext): number {
  const [sub, value] = args;
  if (sub === 'show' || sub === undefined) {
    const state = tool.store.read();
    tool.io.out(`${mockNow(state.clock, tool.realClock).toISOString()} (${state.clock.mode})\n`);
    return 0;
  }
  if (sub === 'real') {
    tool.store.transact((s) => {
      s.clock = { mode: 'real' };
      return { value: 0, commit: true };
    });
    tool.io.out('clock follows real time\n');
    return 0;
  }
  if ((sub === 'set' || sub === 'advance') && value !== undefined) {
    return tool.store.transact((s) => {
      const now = mockNow(s.clock, tool.realClock);
      const target = sub === 'set' ? parseWhen(value, now) : advanceDate(now, value);
      if (target === null)
        return { value: fail(tool, `bad ${sub === 'set' ? 'time' : 'duration'} '${value}'`), commit: false };
      s.clock = { mode: 'fixed', now: target.toISOString() };
      tool.io.out(`${target.toISOString()}\n`);
      return { value: 0, commit: true };
    });
  }
  return fail(tool, 'usage: slurm-mock clock show|set <ISO>|advance <duration>|real');
}

const JOB_OPTIONS = {
  account: { type: 'string' },
  user: { type: 'string' },
  'node-hours': { type: 'string' },
  at: { type: 'string' },
  nodes: { type: 'string' },
  partition: { type: 'string' },
  state: { type: 'string' },
  name: { type: 'string' },
  'time-limit': { type: 'string' },
  qos: { type: 'string' },
} as const;

function usageInject(args: string[], tool: ToolContext): number {
  const { values } = parseArgs({ args, options: JOB_OPTIONS, strict: true });
  const account = values.account?.toLowerCase();
  const user = values.user?.toLowerCase();
  const nodeHours = Number(values['node-hours']);
  if (account === undefined || user === undefined || values['node-hours'] === undefined) {
    return fail(tool, 'usage inject needs --account, --user and --node-hours');
  }
  const bad = checkName('account', account) ?? checkName('user', user);
  if (bad !== null) return fail(tool, bad.replace(/^ error: /, ''));
  if (!Number.isFinite(nodeHours) || nodeHours <= 0)
    return fail(tool, `bad --node-hours '${values['node-hours']}'`);
  const nodes = positiveInt(values.nodes, 1);
  if (nodes === null) return fail(tool, `bad --nodes '${values.nodes ?? ''}'`);
  const jobState = (values.state ?? 'COMPLETED').toUpperCase();
  if (!['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED'].includes(jobState))
    return fail(tool, `bad --state '${jobState}'`);
  return tool.store.transact((state) => {
    const now = mockNow(state.clock, tool.realClock);
    const partition = partitionFor(state, values.partition);
    if (partition === undefined)
      return { value: fail(tool, `no partition '${values.partition ?? ''}'`), commit: false };
    const seconds = Math.round((nodeHours * 3600) / nodes);
    let start = new Date(now.getTime() - seconds * 1000);
    if (values.at !== undefined) {
      const at = parseWhen(values.at, now);
      if (at === null) return { value: fail(tool, `bad --at '${values.at}'`), commit: false };
      start = at;
    }
    const end = new Date(start.getTime() + seconds * 1000);
    const job: JobRec = {
      id: state.nextJobId++,
      name: values.name ?? 'usage',
      cluster: state.localCluster,
      partition: partition.name,
      account,
      user,
      state: jobState as JobState,
      submit: start.toISOString(),
      start: start.toISOString(),
      end: end.toISOString(),
      timeLimit: null,
      nodes,
      nodeList: nodeListFor(partition, nodes),
      cpus: partition.cpusPerNode * nodes,
      reqTres: tresFor(partition, nodes),
      qos: values.qos ?? 'normal',
      exitCode: jobState === 'COMPLETED' ? '0:0' : '1:0',
    };
    state.jobs.push(job);
    tool.io.out(`Injected job ${job.id}\n`);
    return { value: 0, commit: true };
  });
}

function jobCreate(args: string[], tool: ToolContext): number {
  const { values } = parseArgs({ args, options: JOB_OPTIONS, strict: true });
  const account = values.account?.toLowerCase();
  const user = values.user?.toLowerCase();
  if (account === undefined || user === undefined) return fail(tool, 'job create needs --account and --user');
  const jobState = (values.state ?? 'RUNNING').toUpperCase();
  if (jobState !== 'RUNNING' && jobState !== 'PENDING') return fail(tool, `bad --state '${jobState}'`);
  const nodes = positiveInt(values.nodes, 1);
  if (nodes === null) return fail(tool, `bad --nodes '${values.nodes ?? ''}'`);
  const timeLimit = values['time-limit'] === undefined ? null : positiveInt(values['time-limit'], 0);
  if (timeLimit === 0) return fail(tool, `bad --time-limit '${values['time-limit'] ?? ''}'`);
  return tool.store.transact((state) => {
    const now = mockNow(state.clock, tool.realClock);
    const partition = partitionFor(state, values.partition);
    if (partition === undefined)
      return { value: fail(tool, `no partition '${values.partition ?? ''}'`), commit: false };
    const assoc =
      state.associations.find(
        (a) =>
          a.cluster === state.localCluster &&
          a.account === account &&
          a.user === user &&
          a.partition === partition.name,
      ) ??
      state.associations.find(
        (a) =>
          a.cluster === state.localCluster && a.account === account && a.user === user && a.partition === '',
      );
    const reject = (reason: string): { value: number; commit: false } => {
      tool.io.err(`sbatch: error: Batch job submission failed: ${reason}\n`);
      return { value: 1, commit: false };
    };
    if (assoc === undefined) return reject('Invalid account or account/partition combination specified');
    const view = new AssocView(state);
    const eff = view.effective(assoc);
    const qos =
      values.qos ?? eff.defaultQos ?? (eff.qos.includes('normal') ? 'normal' : (eff.qos[0] ?? 'normal'));
    if (!eff.qos.includes(qos)) return reject('Invalid qos specification');
    const active = (acct: string, usr: string | null): number =>
      state.jobs.filter(
        (j) =>
          (j.state === 'RUNNING' || j.state === 'PENDING') &&
          j.account === acct &&
          (usr === null || j.user === usr),
      ).length;
    if (eff.maxSubmitJobs !== null && active(account, user) >= eff.maxSubmitJobs) {
      return reject("Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)");
    }
    for (let a: typeof assoc | undefined = assoc; a !== undefined; a = parentAssoc(state, a)) {
      if (a.grpSubmitJobs !== null && active(a.account, a.user === '' ? null : a.user) >= a.grpSubmitJobs) {
        return reject(
          "Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)",
        );
      }
    }
    const job: JobRec = {
      id: state.nextJobId++,
      name: values.name ?? 'job',
      cluster: state.localCluster,
      partition: partition.name,
      account,
      user,
      state: jobState,
      submit: now.toISOString(),
      start: jobState === 'RUNNING' ? now.toISOString() : null,
      end: null,
      timeLimit,
      nodes,
      nodeList: jobState === 'RUNNING' ? nodeListFor(partition, nodes) : '',
      cpus: partition.cpusPerNode * nodes,
      reqTres: tresFor(partition, nodes),
      qos,
      exitCode: '0:0',
    };
    state.jobs.push(job);
    tool.io.out(`Submitted batch job ${job.id}\n`);
    return { value: 0, commit: true };
  });
}

const FAULT_TOOLS = ['sacctmgr', 'sacct', 'scancel', 'sinfo', 'sshare'];

function failNext(args: string[], tool: ToolContext): number {
  const { values, positionals } = parseArgs({
    args,
    options: { command: { type: 'string' }, 'exit-code': { type: 'string' }, message: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [count] = positionals;
  if (count === 'clear') {
    tool.store.transact((s) => {
      s.faults = [];
      return { value: 0, commit: true };
    });
    tool.io.out('all armed failures cleared\n');
    return 0;
  }
  const n = positiveInt(count, 0);
  if (n === null || n === 0) return fail(tool, 'usage: slurm-mock fail-next <N>|clear [--command TOOL]');
  const command = values.command ?? null;
  if (command !== null && !FAULT_TOOLS.includes(command)) return fail(tool, `unknown --command '${command}'`);
  const exitCode = positiveInt(values['exit-code'], 1);
  if (exitCode === null || exitCode > 255)
    return fail(tool, `bad --exit-code '${values['exit-code'] ?? ''}'`);
  tool.store.transact((s) => {
    s.faults.push({ command, remaining: n, exitCode, message: values.message ?? null });
    return { value: 0, commit: true };
  });
  tool.io.out(`next ${n} invocation(s) of ${command ?? 'any SLURM tool'} will fail\n`);
  return 0;
}

export function controlMain(argv: readonly string[], tool: ToolContext): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        tool.io.out(CONTROL_USAGE);
        return cmd === undefined ? 1 : 0;
      case 'path':
        tool.io.out(`${tool.store.path ?? '<memory>'}\n`);
        return 0;
      case 'reset': {
        const { values } = parseArgs({ args: rest, options: { cluster: { type: 'string' } }, strict: true });
        const cluster = values.cluster ?? tool.env.SLURM_MOCK_CLUSTER ?? 'linux';
        const bad = checkName('cluster', cluster);
        if (bad !== null) return fail(tool, bad.replace(/^ error: /, ''));
        tool.store.transact((s) => {
          Object.assign(s, createInitialState(cluster));
          return { value: 0, commit: true };
        });
        tool.io.out(
          `slurm-mock state reset (cluster ${cluster.toLowerCase()}): ${tool.store.path ?? '<memory>'}\n`,
        );
        return 0;
      }
      case 'show':
        tool.io.out(serializeState(tool.store.read()));
        return 0;
      case 'clock':
        return clockCommand(rest, tool);
      case 'usage':
        if (rest[0] === 'inject') return usageInject(rest.slice(1), tool);
        return fail(tool, 'usage: slurm-mock usage inject --account A --user U --node-hours N [--at ISO]');
      case 'job':
        if (rest[0] === 'create') return jobCreate(rest.slice(1), tool);
        return fail(tool, 'usage: slurm-mock job create --account A --user U [--state RUNNING|PENDING]');
      case 'fail-next':
        return failNext(rest, tool);
      default:
        return fail(tool, `unknown command '${cmd}' (see slurm-mock --help)`);
    }
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      return fail(tool, e.message);
    }
    throw e;
  }
}
