// sacctmgr operations behind periodic-limit settings (docs/protocol.md#resource_periodic_limits):
// fairshare, per-family TRES limits and raw-usage reset, each wrapped with the real agent's messages.
import { BackendError } from '../backend/errors.js';
import type { SlurmExecutor } from './slurm-executor.js';
import { dataLines, parseTresString } from './slurm-parser.js';

/** Account limit families read by `getAccountLimits` (values as strings, like the real client). */
export type AccountLimits = Record<
  'GrpTRES' | 'GrpTRESMins' | 'MaxTRES' | 'MaxTRESMins',
  Record<string, string>
>;

const INTEGER = /^\s*[+-]?\d+\s*$/;

export class SlurmAccountSettings {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  private async modify(account: string, setting: string, what: string): Promise<void> {
    try {
      await this.exec.execute(['modify', 'account', account, 'set', setting]);
    } catch (err) {
      throw new BackendError(
        `Failed to ${what} for account ${account}: ${(err as Error).message}`,
        'ERR_BACKEND_COMMAND',
        { cause: err },
      );
    }
  }

  setAccountFairshare(account: string, fairshare: number | string): Promise<void> {
    return this.modify(account, `fairshare=${String(fairshare)}`, 'set fairshare');
  }

  /** One `modify account <id> set <type>=<tres>=<value>` per TRES, in the given order. */
  async setAccountLimits(account: string, limitType: string, limits: Record<string, unknown>): Promise<void> {
    for (const [tres, value] of Object.entries(limits)) {
      await this.modify(account, `${limitType}=${tres}=${String(value)}`, `set ${limitType} limits`);
    }
  }

  resetRawUsage(account: string): Promise<void> {
    return this.modify(account, 'RawUsage=0', 'reset raw usage');
  }

  private async listAccountFields(account: string, format: string): Promise<string[][]> {
    const output = await this.exec.execute([
      'list',
      'account',
      `format=${format}`,
      'where',
      `account=${account}`,
    ]);
    return dataLines(output)
      .filter((line) => line.includes(account))
      .map((line) => line.split('|'));
  }

  /** Current fairshare (0 when not found or not numeric). */
  async getAccountFairshare(account: string): Promise<number> {
    for (const parts of await this.listAccountFields(account, 'account,fairshare')) {
      if (parts.length >= 2 && INTEGER.test(parts[1] ?? '')) return Number.parseInt(parts[1] ?? '0', 10);
    }
    return 0;
  }

  async getAccountLimits(account: string): Promise<AccountLimits> {
    const rows = await this.listAccountFields(account, 'account,grptres,grptresmin,maxtres,maxtresmin');
    const limits: AccountLimits = { GrpTRES: {}, GrpTRESMins: {}, MaxTRES: {}, MaxTRESMins: {} };
    const asStrings = (field: string): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parseTresString(field)))
        out[k] = INTEGER.test(v) ? String(Number.parseInt(v, 10)) : v;
      return out;
    };
    for (const parts of rows) {
      if (parts.length < 5) continue;
      if (parts[1]) limits.GrpTRES = asStrings(parts[1]);
      if (parts[2]) limits.GrpTRESMins = asStrings(parts[2]);
      if (parts[3]) limits.MaxTRES = asStrings(parts[3]);
      if (parts[4]) limits.MaxTRESMins = asStrings(parts[4]);
    }
    return limits;
  }
}
