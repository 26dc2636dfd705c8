// sacctmgr operations on QoS: per-allocation QoS objects (qos_management) and the account-level QoS /
// GrpSubmitJobs levers that pause, downscale and restore an allocation (docs/slurm.md#slurm-commands).
import type { SlurmExecutor } from './slurm-executor.js';
import { slurmName } from './slurm-name.js';
import { dataLines, sameAccount } from './slurm-parser.js';

export interface QosSpec {
  name: string;
  flags?: string | null;
  grpTres?: string | null;
  maxJobs?: number | null;
  maxSubmit?: number | null;
  maxWall?: string | null;
  minTresPerJob?: string | null;
}

const present = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null && v !== '';

export class SlurmQos {
  private readonly exec: SlurmExecutor;

  constructor(exec: SlurmExecutor) {
    this.exec = exec;
  }

  async getCurrentAccountQos(account: string): Promise<string> {
    const output = await this.exec.execute([
      'list',
      'associations',
      'format=account,qos',
      'where',
      `account=${account}`,
    ]);
    for (const line of dataLines(output)) {
      const [acc = '', qos = ''] = line.split('|');
      if (qos !== '' && sameAccount(acc, account)) return qos.trim();
    }
    return '';
  }

  async setAccountQos(account: string, qos: string): Promise<string> {
    return this.exec.execute(['modify', 'account', account, 'set', `qos=${qos}`]);
  }

  async setAccountGrpSubmitJobs(account: string, value: number): Promise<string> {
    return this.exec.execute(['modify', 'account', account, 'set', `GrpSubmitJobs=${value}`]);
  }

  async qosExists(name: string): Promise<boolean> {
    return dataLines(await this.exec.execute(['show', 'qos', slurmName('qos', name)])).length > 0;
  }

  async createQos(spec: QosSpec): Promise<void> {
    const parts = ['add', 'qos', slurmName('qos', spec.name)];
    if (present(spec.flags)) parts.push('set', `flags=${spec.flags}`);
    await this.exec.execute(parts);
    const modify = (setting: string): Promise<string> =>
      this.exec.execute(['modify', 'qos', spec.name, 'set', setting]);
    if (present(spec.grpTres)) await modify(`GrpTRES=${spec.grpTres}`);
    if (present(spec.maxJobs)) await modify(`MaxJobs=${spec.maxJobs}`);
    if (present(spec.maxSubmit)) await modify(`MaxSubmit=${spec.maxSubmit}`);
    if (present(spec.maxWall)) await modify(`MaxWall=${spec.maxWall}`);
    if (present(spec.minTresPerJob)) await modify(`MinTRESPerJob=${spec.minTresPerJob}`);
  }

  async deleteQos(name: string): Promise<string> {
    return this.exec.execute(['remove', 'qos', 'where', `name=${name}`]);
  }

  async addAccountQos(account: string, qosName: string): Promise<string> {
    return this.exec.execute(['modify', 'account', 'set', `qos+=${qosName}`, 'where', `account=${account}`]);
  }

  async setAccountDefaultQos(account: string, qosName: string): Promise<string> {
    return this.exec.execute([
      'modify',
      'account',
      'set',
      `defaultqos=${qosName}`,
      'where',
      `account=${account}`,
    ]);
  }
}
