// Runs one SLURM command line through the injected CommandRunner and maps its exit status to typed errors
// (unreachable slurmdbd/slurmctld ⇒ BackendUnavailableError, retried by callers). execFile-style argv
// only — nothing is ever parsed by a shell. Records every argv like the real agent's executed_commands.
import type { BackendLogger } from '../backend/backend.js';
import type { CommandRunner } from '../backend/command-runner.js';
import { BackendError, BackendUnavailableError } from '../backend/errors.js';
import { type ExecuteOptions, type SlurmArgvSettings, buildSlurmArgv } from './slurm-argv.js';

/** sacctmgr/sacct/scancel messages that mean slurmdbd or slurmctld could not be reached (worth a retry). */
const SLURM_UNAVAILABLE =
  /Connection refused|Problem talking to the database|Unable to contact slurm controller|Socket timed out|Sending PersistInit msg|Zero Bytes were transmitted/;

export interface SlurmExecutorOptions {
  runner: CommandRunner;
  log: BackendLogger;
  /** Directory of the SLURM binaries; "" = rely on PATH. Default /usr/bin. */
  slurmBinPath?: string;
  clusterName?: string | null;
  /** Component (TRES) names known to the offering — the parser ignores others. */
  components?: Iterable<string>;
}

export class SlurmExecutor {
  readonly argvSettings: SlurmArgvSettings;
  readonly components: ReadonlySet<string>;
  /** Every command line run since the last clear (space-joined argv), like the real executed_commands. */
  executedCommands: string[] = [];
  private readonly runner: CommandRunner;
  private readonly log: BackendLogger;

  constructor(options: SlurmExecutorOptions) {
    this.runner = options.runner;
    this.log = options.log;
    this.argvSettings = {
      slurmBinPath: options.slurmBinPath ?? '/usr/bin',
      clusterName: options.clusterName ?? null,
    };
    this.components = new Set(options.components ?? []);
  }

  /** Same configuration, own executedCommands list. */
  fork(): SlurmExecutor {
    return new SlurmExecutor({
      runner: this.runner,
      log: this.log,
      ...this.argvSettings,
      components: this.components,
    });
  }

  /**
   * Runs a command and returns its stdout. Non-zero exit ⇒ BackendError carrying the output, except a
   * `modify …` whose output says "Nothing modified" (sacctmgr's exit 1 for a no-op) ⇒ "".
   */
  async execute(command: readonly string[], options: ExecuteOptions = {}): Promise<string> {
    const argv = buildSlurmArgv(command, options, this.argvSettings);
    const [file, ...args] = argv as [string, ...string[]];
    this.executedCommands.push(argv.join(' '));
    this.log.debug({ argv }, 'Executing SLURM command');
    const result = await this.runner.run(file, args);
    if (result.exitCode === 0) return result.stdout;
    const output = `${result.stdout}${result.stderr}`;
    if (command[0] === 'modify' && output.includes('Nothing modified')) {
      this.log.debug({ argv }, 'sacctmgr reported "Nothing modified"; treating as success');
      return '';
    }
    const trimmed = output.trim();
    const message = trimmed === '' ? `${argv.join(' ')} failed with exit code ${result.exitCode}` : trimmed;
    if (options.silent !== true)
      this.log.warn({ argv, exitCode: result.exitCode, output: trimmed }, 'SLURM command failed');
    if (SLURM_UNAVAILABLE.test(output))
      throw new BackendUnavailableError(message, { output, argv, exitCode: result.exitCode });
    throw new BackendError(message, 'ERR_BACKEND_COMMAND', { output, argv, exitCode: result.exitCode });
  }
}
