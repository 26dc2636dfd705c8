// One entry point for every emulated tool, used identically by the bin/ executables and by in-process
// tests: picks the tool, applies armed transient failures, and turns mock-internal failures (state
// file, lock) into a SLURM-looking error instead of a crash.
import { CommandIo, type CommandResult, type OutputSink } from './command-io.js';
import { controlMain } from './control/slurm-mock-control.js';
import { SlurmMockError } from './errors.js';
import type { RealClock } from './mock-clock.js';
import { sacctMain } from './sacct.js';
import type { AnswerReader } from './sacctmgr/sacctmgr-context.js';
import { sacctmgrMain } from './sacctmgr/sacctmgr.js';
import { scancelMain } from './scancel.js';
import { sinfoMain } from './sinfo.js';
import { sshareMain } from './sshare.js';
import { createStateStore, resolveStatePath, type StateStore } from './state-store.js';
import type { FaultRec } from './state-types.js';
import type { ToolContext, ToolMain } from './tool-context.js';

export const TOOL_NAMES = ['sacctmgr', 'sacct', 'scancel', 'sinfo', 'sshare', 'slurm-mock'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

const MAINS: Record<ToolName, ToolMain> = {
  sacctmgr: sacctmgrMain,
  sacct: sacctMain,
  scancel: scancelMain,
  sinfo: sinfoMain,
  sshare: sshareMain,
  'slurm-mock': controlMain,
};

export interface RunOptions {
  /** Defaults to the file store at resolveStatePath(env). */
  store?: StateStore;
  /** Real-time source; the state may pin its own clock. */
  clock?: RealClock;
  env?: Record<string, string | undefined>;
  /** Answers sacctmgr's confirmation prompt (without -i); default: nobody answers. */
  readAnswer?: AnswerReader;
  /** Receives output while it is printed. */
  sink?: OutputSink;
}

const FAULT_TEXT: Record<string, string> = {
  sacctmgr:
    'sacctmgr: error: Sending PersistInit msg: Connection refused\n' +
    'sacctmgr: error: Problem talking to the database: Connection refused\n',
  sacct:
    'sacct: error: Sending PersistInit msg: Connection refused\n' +
    'sacct: error: Problem talking to the database: Connection refused\n',
  scancel: 'scancel: error: Kill job error: Unable to contact slurm controller (connect failure)\n',
  sinfo: 'slurm_load_partitions: Unable to contact slurm controller (connect failure)\n',
  sshare:
    'sshare: error: Problem with shares request: Unable to contact slurm controller (connect failure)\n',
};

const faultMatches = (f: FaultRec, tool: string): boolean =>
  f.remaining > 0 && (f.command === null || f.command === tool);

/** Consumes one armed failure for this tool, if any (under the lock, so N means N across processes). */
function takeFault(store: StateStore, tool: ToolName): FaultRec | null {
  if (!store.read().faults.some((f) => faultMatches(f, tool))) return null;
  return store.transact((state) => {
    const fault = state.faults.find((f) => faultMatches(f, tool));
    if (fault === undefined) return { value: null, commit: false };
    fault.remaining--;
    const taken = { ...fault };
    state.faults = state.faults.filter((f) => f.remaining > 0);
    return { value: taken, commit: true };
  });
}

const INFO_ARGS = new Set(['--version', '-V', '--help', '--usage']);

export function runCommand(tool: ToolName, argv: readonly string[], options: RunOptions = {}): CommandResult {
  const env = options.env ?? process.env;
  const io = new CommandIo(options.sink);
  try {
    const initialCluster = env.SLURM_MOCK_CLUSTER;
    const store =
      options.store ??
      createStateStore(
        resolveStatePath(env),
        initialCluster === undefined || initialCluster === '' ? {} : { initialCluster },
      );
    if (tool !== 'slurm-mock' && !argv.some((a) => INFO_ARGS.has(a))) {
      const fault = takeFault(store, tool);
      if (fault !== null) {
        io.err(fault.message === null ? (FAULT_TEXT[tool] ?? '') : `${fault.message}\n`);
        return io.result(fault.exitCode);
      }
    }
    const ctx: ToolContext = {
      io,
      store,
      realClock: options.clock ?? (() => new Date()),
      env,
      readAnswer: options.readAnswer ?? (() => null),
    };
    return io.result(MAINS[tool](argv, ctx));
  } catch (e) {
    if (e instanceof SlurmMockError) {
      io.err(`${tool}: error: slurm-mock ${e.code}: ${e.message}\n`);
      return io.result(1);
    }
    throw e;
  }
}
