// The real agent's SlurmClient, grouped by what each command touches: accounts, associations, TRES
// limits, QoS, jobs/usage and periodic-limit settings share one executor (argv building + run +
// executed-commands record). The backend picks the group it needs; see docs/slurm.md#slurm-commands.
import { BackendError } from '../backend/errors.js';
import type { ExecuteOptions } from './slurm-argv.js';
import { SlurmAccountSettings } from './slurm-account-settings.js';
import { SlurmAccounts } from './slurm-accounts.js';
import { SlurmAssociations } from './slurm-associations.js';
import { SlurmExecutor, type SlurmExecutorOptions } from './slurm-executor.js';
import { SlurmJobs } from './slurm-jobs.js';
import { SlurmQos } from './slurm-qos.js';
import { SlurmTresLimits } from './slurm-tres-limits.js';

export { sanitizeSacctmgrValue } from './slurm-argv.js';
export type SlurmClientOptions = SlurmExecutorOptions;

export class SlurmClient {
  readonly accounts: SlurmAccounts;
  readonly associations: SlurmAssociations;
  readonly tresLimits: SlurmTresLimits;
  readonly qos: SlurmQos;
  readonly jobs: SlurmJobs;
  readonly accountSettings: SlurmAccountSettings;
  private readonly exec: SlurmExecutor;

  constructor(options: SlurmClientOptions | SlurmExecutor) {
    this.exec = options instanceof SlurmExecutor ? options : new SlurmExecutor(options);
    this.accounts = new SlurmAccounts(this.exec);
    this.associations = new SlurmAssociations(this.exec);
    this.tresLimits = new SlurmTresLimits(this.exec);
    this.qos = new SlurmQos(this.exec);
    this.jobs = new SlurmJobs(this.exec);
    this.accountSettings = new SlurmAccountSettings(this.exec);
  }

  /** Every command line run by this client (space-joined argv), like the real executed_commands. */
  get executedCommands(): readonly string[] {
    return this.exec.executedCommands;
  }

  /** Same configuration, own executedCommands list (per-call command recording without shared state). */
  fork(): SlurmClient {
    return new SlurmClient(this.exec.fork());
  }

  execute(command: readonly string[], options: ExecuteOptions = {}): Promise<string> {
    return this.exec.execute(command, options);
  }

  /** `sinfo -V` output, trimmed (e.g. "slurm 23.11.4"). */
  async getVersion(): Promise<string> {
    return (await this.execute(['-V'], { commandName: 'sinfo', parsable: false, immediate: false })).trim();
  }

  /** `sacctmgr --version` must mention "slurm" (false for emulators and failures). */
  async validateSlurmBinary(): Promise<boolean> {
    try {
      const output = await this.execute(['--version'], { parsable: false, immediate: false, silent: true });
      return output.toLowerCase().includes('slurm');
    } catch (err) {
      if (err instanceof BackendError) return false;
      throw err;
    }
  }
}
