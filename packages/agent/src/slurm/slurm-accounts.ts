// sacctmgr operations on accounts: the account tree itself (list/show/add/remove), its parent links
// (hierarchy re-parenting) and the cluster list (docs/slurm.md#slurm-commands).
import type { SlurmExecutor } from './slurm-executor.js';
import { sanitizeSacctmgrValue } from './slurm-argv.js';
import { slurmName } from './slurm-name.js';
import {
  type AccountLine,
  dataLines,
  parseAccountLine,
  parseAssociationLine,
  sameAccount,
} from './slurm-parser.js';

export class SlurmAccounts {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  async listResources(): Promise<AccountLine[]> {
    return dataLines(await this.exec.execute(['list', 'account'])).map(parseAccountLine);
  }

  async getResource(resourceId: string): Promise<AccountLine | null> {
    const lines = dataLines(await this.exec.execute(['show', 'account', slurmName('account', resourceId)]));
    return lines[0] === undefined ? null : parseAccountLine(lines[0]);
  }

  async createResource(
    name: string,
    description: string,
    organization: string,
    parentName?: string | null,
  ): Promise<string> {
    const parts = [
      'add',
      'account',
      slurmName('account', name),
      `description="${sanitizeSacctmgrValue(description)}"`,
      `organization="${sanitizeSacctmgrValue(organization)}"`,
    ];
    if (parentName !== undefined && parentName !== null && parentName !== '') {
      parts.push(`parent="${sanitizeSacctmgrValue(parentName)}"`);
    }
    return this.exec.execute(parts);
  }

  async deleteResource(name: string): Promise<string> {
    return this.exec.execute(['remove', 'account', 'where', `name=${name}`]);
  }

  async deleteAllUsersFromAccount(name: string): Promise<string> {
    return this.exec.execute(['remove', 'user', 'where', `account=${name}`]);
  }

  async accountHasUsers(account: string): Promise<boolean> {
    const lines = dataLines(await this.exec.execute(['show', 'association', 'where', `account=${account}`]));
    return lines.map(parseAssociationLine).some((a) => a.user !== '');
  }

  async listClusters(): Promise<string[]> {
    return dataLines(await this.exec.execute(['list', 'cluster', 'format=cluster']))
      .map((line) => (line.split('|')[0] ?? '').trim())
      .filter((n) => n !== '');
  }

  /** Parent of `account` from its account-level association (row with empty user); null when absent. */
  async getAccountParent(account: string): Promise<string | null> {
    const output = await this.exec.execute([
      'show',
      'assoc',
      `account=${account}`,
      'format=Account,ParentName,User',
      '-n',
      '-P',
    ]);
    for (const line of dataLines(output)) {
      const [acc = '', parent = '', user = ''] = line.split('|');
      if (user.trim() === '' && sameAccount(acc, account)) return parent.trim() === '' ? null : parent.trim();
    }
    return null;
  }

  async setAccountParent(account: string, parent: string): Promise<string> {
    return this.exec.execute(['modify', 'account', 'where', `name=${account}`, 'set', `parent=${parent}`]);
  }
}
