// Job-side commands: sacct job listings and usage accounting, scancel, and the Linux user checks the
// real agent runs around them (`id -u`, mkhomedir_helper) (docs/slurm.md#slurm-commands).
import { BackendError } from '../backend/errors.js';
import { MKHOMEDIR_HELPER } from './slurm-argv.js';
import type { SlurmExecutor } from './slurm-executor.js';
import type { MonthPeriod } from './month-period.js';
import { slurmName } from './slurm-name.js';
import { type ReportLine, dataLines, parseReportLine } from './slurm-parser.js';

export class SlurmJobs {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  async listActiveUserJobs(account: string, user: string): Promise<string[]> {
    const output = await this.exec.execute(
      [
        '-a',
        `--account=${account}`,
        `--user=${user}`,
        '--format=JobID,JobName,Partition,Account,User,State,Elapsed,Timelimit,NodeList',
      ],
      { commandName: 'sacct', immediate: false },
    );
    return dataLines(output).map((line) => line.split('|')[0] ?? '');
  }

  /** `scancel [-u <u>] -A <account> -f` */
  async cancelActiveUserJobs(account: string, user?: string): Promise<void> {
    const args = ['-A', account, '-f'];
    if (user !== undefined) args.unshift('-u', slurmName('user', user));
    await this.exec.execute(args, { commandName: 'scancel', parsable: false, immediate: false });
  }

  /** `id -u <u>`: digits ⇒ true; "no such user" ⇒ false; any other failure propagates. */
  async checkUserExists(username: string): Promise<boolean> {
    try {
      const output = await this.exec.execute(['-u', slurmName('user', username)], {
        commandName: 'id',
        parsable: false,
        immediate: false,
        silent: true,
      });
      return /^\d+$/.test(output.trim());
    } catch (err) {
      if (err instanceof BackendError && err.message.includes('no such user')) return false;
      throw err;
    }
  }

  async createLinuxUserHomedir(username: string, umask: string): Promise<string> {
    return this.exec.execute([slurmName('user', username), umask], {
      commandName: MKHOMEDIR_HELPER,
      parsable: false,
      immediate: false,
    });
  }

  /** Allocations of `resourceIds` in `period`, one line per job and user (SLURM units). */
  async getUsageReport(resourceIds: readonly string[], period: MonthPeriod): Promise<ReportLine[]> {
    const output = await this.exec.execute(
      [
        '--noconvert',
        '--truncate',
        '--allocations',
        '--allusers',
        `--starttime=${period.start}`,
        `--endtime=${period.end}`,
        `--accounts=${resourceIds.join(',')}`,
        '--format=Account,ReqTRES,Elapsed,User',
      ],
      { commandName: 'sacct', immediate: false },
    );
    return dataLines(output).map((line) => parseReportLine(line, this.exec.components));
  }
}
