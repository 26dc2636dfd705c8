// scancel: cancels pending/running jobs by id or by filters (`-A <account> [-u <user>] -f`, the agent's
// form), silently like the real tool; an id that names no cancellable job is an error.
import { getoptLong, type LongOption } from './getopt.js';
import { ACTIVE_STATES } from './job-view.js';
import { mockNow } from './mock-clock.js';
import { SLURM_VERSION, type ToolContext } from './tool-context.js';

const LONG: readonly LongOption[] = [
  { name: 'account', arg: 'required', id: 'A' },
  { name: 'batch', arg: 'none', id: 'b' },
  { name: 'clusters', arg: 'required', id: 'M' },
  { name: 'full', arg: 'none', id: 'f' },
  { name: 'help', arg: 'none', id: 'help' },
  { name: 'hurry', arg: 'none', id: 'H' },
  { name: 'interactive', arg: 'none', id: 'i' },
  { name: 'jobname', arg: 'required', id: 'n' },
  { name: 'me', arg: 'none', id: 'me' },
  { name: 'name', arg: 'required', id: 'n' },
  { name: 'nodelist', arg: 'required', id: 'w' },
  { name: 'partition', arg: 'required', id: 'p' },
  { name: 'qos', arg: 'required', id: 'q' },
  { name: 'quiet', arg: 'none', id: 'Q' },
  { name: 'reservation', arg: 'required', id: 'R' },
  { name: 'signal', arg: 'required', id: 's' },
  { name: 'state', arg: 'required', id: 't' },
  { name: 'usage', arg: 'none', id: 'help' },
  { name: 'user', arg: 'required', id: 'u' },
  { name: 'verbose', arg: 'none', id: 'v' },
  { name: 'version', arg: 'none', id: 'V' },
];

const USAGE = `Usage: scancel [OPTIONS] [job_id[_array_id][.step_id]]
  -A, --account=account           act only on jobs charging this account
  -b, --batch                     signal batch shell for specified job
  -f, --full                      signal batch shell and all steps for specified job
  -M, --clusters                  clusters to issue commands to.
  -n, --name=job_name             act only on jobs with this name
  -p, --partition=partition       act only on jobs in this partition
  -q, --qos=qos                   act only on jobs with this quality of service
  -Q, --quiet                     disable warnings
  -s, --signal=name | integer     signal to send to job, default is SIGKILL
  -t, --state=states              act only on jobs in this state.  Valid job
                                  states are PENDING, RUNNING and SUSPENDED
  -u, --user=user_name            act only on jobs of this user
  -V, --version                   output version information and exit
  -v, --verbose                   verbosity level
`;

const KILL_SIGNALS = new Set(['KILL', 'SIGKILL', '9']);

export function scancelMain(argv: readonly string[], tool: ToolContext): number {
  const { io } = tool;
  const parsed = getoptLong('scancel', argv, 'A:bfHiM:n:p:q:QR:s:t:u:vVw:', LONG);
  if (!parsed.ok) {
    io.err(`${parsed.error}Try "scancel --help" for more information\n`);
    return 1;
  }
  let account: string | null = null;
  let user: string | null = null;
  const clusters: string[] = [];
  let name: string | null = null;
  let partition: string | null = null;
  let qos: string | null = null;
  let nodeList: string | null = null;
  let stateFilter: string | null = null;
  let signal: string | null = null;
  let filterGiven = false;
  for (const o of parsed.opts) {
    const arg = o.arg ?? '';
    switch (o.id) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'V':
        io.out(`slurm ${SLURM_VERSION}\n`);
        return 0;
      case 'A':
        account = arg.toLowerCase();
        filterGiven = true;
        break;
      case 'u':
        user = arg.toLowerCase();
        filterGiven = true;
        break;
      case 'me':
        user = (tool.env.USER ?? 'root').toLowerCase();
        filterGiven = true;
        break;
      case 'M':
        clusters.push(...arg.toLowerCase().split(','));
        break;
      case 'n':
        name = arg;
        filterGiven = true;
        break;
      case 'p':
        partition = arg;
        filterGiven = true;
        break;
      case 'q':
        qos = arg.toLowerCase();
        filterGiven = true;
        break;
      case 'w':
        nodeList = arg;
        filterGiven = true;
        break;
      case 't': {
        const s = arg.toUpperCase();
        const mapped = s === 'PD' ? 'PENDING' : s === 'R' ? 'RUNNING' : s === 'S' ? 'SUSPENDED' : s;
        if (!['PENDING', 'RUNNING', 'SUSPENDED'].includes(mapped)) {
          io.err(`scancel: error: Invalid job state specified: ${arg}\n`);
          io.err('scancel: error: Valid job states are PENDING, RUNNING, and SUSPENDED\n');
          return 1;
        }
        stateFilter = mapped;
        filterGiven = true;
        break;
      }
      case 's':
        signal = arg.toUpperCase();
        break;
      default:
        break;
    }
  }
  const ids: number[] = [];
  for (const op of parsed.operands) {
    const m = /^(\d+)(?:[_.].*)?$/.exec(op);
    if (m === null) {
      io.err(`scancel: error: Invalid job id ${op}\n`);
      return 1;
    }
    ids.push(Number(m[1]));
  }
  if (ids.length === 0 && !filterGiven) {
    io.err('scancel: error: No job identification provided\n');
    return 1;
  }
  return tool.store.transact((state) => {
    const now = mockNow(state.clock, tool.realClock);
    const clusterFilter = clusters.length > 0 ? clusters : [state.localCluster];
    const matchesFilters = (j: (typeof state.jobs)[number]): boolean =>
      clusterFilter.includes(j.cluster) &&
      (account === null || j.account.toLowerCase() === account) &&
      (user === null || j.user.toLowerCase() === user) &&
      (name === null || j.name === name) &&
      (partition === null || j.partition === partition) &&
      (qos === null || j.qos === qos) &&
      (nodeList === null || j.nodeList === nodeList) &&
      (stateFilter === null || j.state === stateFilter);
    let exitCode = 0;
    const targets: typeof state.jobs = [];
    if (ids.length > 0) {
      for (const id of ids) {
        const job = state.jobs.find((j) => j.id === id && clusterFilter.includes(j.cluster));
        if (job === undefined) {
          io.err(`scancel: error: Kill job error on job id ${id}: Invalid job id specified\n`);
          exitCode = 1;
        } else if (!ACTIVE_STATES.has(job.state)) {
          io.err(
            `scancel: error: Kill job error on job id ${id}: Job/step already completing or completed\n`,
          );
          exitCode = 1;
        } else if (matchesFilters(job)) {
          targets.push(job);
        }
      }
    } else {
      targets.push(...state.jobs.filter((j) => ACTIVE_STATES.has(j.state) && matchesFilters(j)));
    }
    const kills = signal === null || KILL_SIGNALS.has(signal);
    if (kills) {
      for (const job of targets) {
        job.state = 'CANCELLED';
        job.end = now.toISOString();
        job.exitCode = '0:0';
      }
    }
    return { value: exitCode, commit: kills && targets.length > 0 };
  });
}
