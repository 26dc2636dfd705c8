// One slurm-mock cluster per suite: its state file (SLURM_MOCK_STATE), the command-log shims the agent runs
// (slurm-shim.ts), and in-process access to the state and the control command through slurm-mock's library
// (the same store and dispatcher its executables use).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createStateStore, runCommand, type MockState, type StateStore } from '@waldur-sim/slurm-mock';
import { ReliabilityError } from './reliability-error.js';
import { SlurmMockServer } from './slurm-mock-server.js';
import { readCommandLog, writeSlurmShims, type LoggedCommand } from './slurm-shim.js';

export class SlurmCluster {
  readonly stateFile: string;
  readonly shimDir: string;
  readonly commandLog: string;
  readonly killFile: string;
  private readonly store: StateStore;
  private server: SlurmMockServer | undefined;

  private constructor(dir: string) {
    this.stateFile = join(dir, 'slurm-state.json');
    this.shimDir = join(dir, 'slurm-bin');
    this.commandLog = join(dir, 'slurm-commands.log');
    this.killFile = join(dir, 'kill-agent-after');
    this.store = createStateStore(this.stateFile);
  }

  /** Fresh state, shims for `realBinDir`'s executables, empty command log. */
  static async create(dir: string, realBinDir: string): Promise<SlurmCluster> {
    const cluster = new SlurmCluster(dir);
    await rm(cluster.commandLog, { force: true });
    await rm(cluster.killFile, { force: true });
    await writeSlurmShims(cluster.shimDir, realBinDir);
    cluster.control(['reset']);
    return cluster;
  }

  /** What the agent's environment needs. */
  get env(): Record<string, string> {
    return {
      SLURM_MOCK_STATE: this.stateFile,
      SLURM_SHIM_LOG: this.commandLog,
      SLURM_SHIM_KILL_FILE: this.killFile,
      ...(this.server === undefined ? {} : { SLURM_SHIM_PORT: String(this.server.port) }),
    };
  }

  /**
   * Runs the shims' commands in this process from now on (slurm-mock-server.ts) for agents started afterwards;
   * resolves to the function that stops it.
   */
  async serveInProcess(): Promise<() => Promise<void>> {
    const server = await SlurmMockServer.start(this.stateFile, this.store);
    this.server = server;
    return async () => {
      this.server = undefined;
      await server.close();
    };
  }

  /** Runs the `slurm-mock` control command in-process; throws unless it exits 0. */
  control(args: readonly string[]): string {
    const result = runCommand('slurm-mock', args, {
      store: this.store,
      env: { SLURM_MOCK_STATE: this.stateFile },
    });
    if (result.exitCode !== 0)
      throw new ReliabilityError(
        'SLURM_MOCK',
        `slurm-mock ${args.join(' ')} -> ${result.exitCode}: ${result.output}`,
      );
    return result.stdout;
  }

  /** Runs sacctmgr in-process (what a site admin would do behind the agent's back). */
  sacctmgr(args: readonly string[]): { exitCode: number; output: string } {
    const r = runCommand('sacctmgr', args, { store: this.store, env: { SLURM_MOCK_STATE: this.stateFile } });
    return { exitCode: r.exitCode, output: r.output };
  }

  state(): MockState {
    return this.store.read();
  }

  commands(): Promise<LoggedCommand[]> {
    return readCommandLog(this.commandLog);
  }

  /** Makes the next `count` invocations of `tool` fail like an unreachable slurmdbd. */
  failNext(count: number, tool = 'sacctmgr'): void {
    this.control(['fail-next', String(count), '--command', tool]);
  }

  /** Failures still armed. */
  failuresLeft(): number {
    return this.state().faults.reduce((sum, f) => sum + f.remaining, 0);
  }
}
