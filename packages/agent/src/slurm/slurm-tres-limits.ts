// sacctmgr operations on allocation limits in TRES units: the account's GrpTRESMins and each user's
// MaxTRESMins, plus the cluster's TRES list they are written against (docs/slurm.md#slurm-commands).
import type { SlurmExecutor } from './slurm-executor.js';
import { slurmName } from './slurm-name.js';
import { dataLines, parseAssociationLimitsLine, parseTresList } from './slurm-parser.js';

export class SlurmTresLimits {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  /** `modify account <id> set GrpTRESMins=k1=v1,k2=v2` with keys sorted. */
  async setResourceLimits(resourceId: string, limits: Record<string, number>): Promise<string> {
    const limitsStr = Object.keys(limits)
      .sort()
      .map((k) => `${k}=${String(limits[k])}`)
      .join(',');
    return this.exec.execute(['modify', 'account', resourceId, 'set', `GrpTRESMins=${limitsStr}`]);
  }

  /** Account GrpTRESMins (SLURM units, known components only); {} when none. No --immediate. */
  async getResourceLimits(resourceId: string): Promise<Record<string, number>> {
    const output = await this.exec.execute(
      ['show', 'association', 'format=account,GrpTRESMins', 'where', `accounts=${resourceId}`],
      { immediate: false },
    );
    for (const line of dataLines(output)) {
      const parsed = parseAssociationLimitsLine(line, this.exec.components);
      if (Object.keys(parsed.tresLimits).length > 0) return parsed.tresLimits;
    }
    return {};
  }

  async getResourceUserLimits(resourceId: string): Promise<Record<string, Record<string, number>>> {
    const output = await this.exec.execute(
      ['show', 'association', 'where', `accounts=${resourceId}`, 'format=Account,MaxTRESMins,User'],
      { immediate: false },
    );
    const out: Record<string, Record<string, number>> = {};
    for (const line of dataLines(output)) {
      const parsed = parseAssociationLimitsLine(line, this.exec.components);
      if (parsed.user !== '') out[parsed.user] = parsed.tresLimits;
    }
    return out;
  }

  /** `list tres` first, then one MaxTRESMins entry per cluster TRES (-1 = unlimited). */
  async setResourceUserLimits(
    resourceId: string,
    username: string,
    limits: Record<string, number>,
  ): Promise<string> {
    const tres = await this.listTres();
    const limitsStr = tres.map((t) => `${t}=${String(limits[t] ?? -1)}`).join(',');
    return this.exec.execute([
      'modify',
      'user',
      slurmName('user', username),
      'where',
      `account=${resourceId}`,
      'set',
      `MaxTRESMins=${limitsStr}`,
    ]);
  }

  async listTres(): Promise<string[]> {
    return parseTresList(await this.exec.execute(['list', 'tres']));
  }
}
