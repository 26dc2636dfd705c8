// sacctmgr operations on user associations: who is in an account, and the `add user` variants the real
// agent picks by partition / QoS policy (docs/slurm.md#slurm-commands).
import type { SlurmExecutor } from './slurm-executor.js';
import { slurmName } from './slurm-name.js';
import { dataLines, parseAssociationLine, sameAccount } from './slurm-parser.js';

export class SlurmAssociations {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  async listResourceUsers(resourceId: string): Promise<string[]> {
    const output = await this.exec.execute([
      'list',
      'associations',
      'format=account,user',
      'where',
      `account=${resourceId}`,
    ]);
    const users: string[] = [];
    for (const line of dataLines(output)) {
      const [account = '', user = ''] = line.split('|');
      if (user.trim() !== '' && sameAccount(account, resourceId)) users.push(user.trim());
    }
    return users;
  }

  async getAssociation(user: string, resourceId: string): Promise<{ account: string; user: string } | null> {
    const lines = dataLines(
      await this.exec.execute([
        'show',
        'association',
        'where',
        `user=${slurmName('user', user)}`,
        `account=${resourceId}`,
      ]),
    );
    return lines[0] === undefined ? null : parseAssociationLine(lines[0]);
  }

  private userHead(username: string, resourceId: string, defaultAccount: string | null): string[] {
    const parts = ['add', 'user', slurmName('user', username), `account=${slurmName('account', resourceId)}`];
    if (defaultAccount !== null) parts.push(`DefaultAccount=${defaultAccount}`);
    return parts;
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Share=parent` */
  async createAssociation(
    username: string,
    resourceId: string,
    defaultAccount: string | null,
  ): Promise<string> {
    return this.exec.execute([...this.userHead(username, resourceId, defaultAccount), 'Share=parent']);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Partitions=<sorted,list> Share=parent` */
  async createAssociationWithPartitions(
    username: string,
    resourceId: string,
    partitions: readonly string[],
    defaultAccount: string | null,
  ): Promise<string> {
    return this.exec.execute([
      ...this.userHead(username, resourceId, defaultAccount),
      `Partitions=${[...partitions].sort().join(',')}`,
      'Share=parent',
    ]);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] Partition=<p>` (no Share). */
  async createAssociationWithPartition(
    username: string,
    resourceId: string,
    partition: string,
    defaultAccount: string | null,
  ): Promise<string> {
    return this.exec.execute([
      ...this.userHead(username, resourceId, defaultAccount),
      `Partition=${partition}`,
    ]);
  }

  /** `add user <u> account=<id> [DefaultAccount=<d>] [Partitions=…] QosLevel=<q> DefaultQOS=<q> Share=parent` */
  async createAssociationWithQos(
    username: string,
    resourceId: string,
    qosList: readonly string[],
    defaultQos: string,
    partitions: readonly string[] | null,
    defaultAccount: string | null,
  ): Promise<string> {
    const parts = this.userHead(username, resourceId, defaultAccount);
    if (partitions !== null && partitions.length > 0)
      parts.push(`Partitions=${[...partitions].sort().join(',')}`);
    parts.push(`QosLevel=${qosList.join(',')}`, `DefaultQOS=${defaultQos}`, 'Share=parent');
    return this.exec.execute(parts);
  }

  async deleteAssociation(username: string, resourceId: string): Promise<string> {
    return this.exec.execute([
      'remove',
      'user',
      'where',
      `name=${slurmName('user', username)}`,
      'and',
      `account=${resourceId}`,
    ]);
  }
}
