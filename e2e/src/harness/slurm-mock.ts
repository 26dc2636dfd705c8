// Read-only views over a slurm-mock cluster's state for assertions; the cluster itself (state file, tools run
// by exec) is the shared harness's SlurmMock, re-exported here for the suite's imports.
import type { AssocRec, MockState } from '@waldur-sim/slurm-mock';
import type { SlurmMock } from '@waldur-sim/harness';

export { SlurmMock, type SlurmTool, type ToolResult } from '@waldur-sim/harness';

/** Read-only views over one `slurm-mock show` snapshot, for assertions. */
export class SlurmSnapshot {
  constructor(readonly state: MockState) {}

  static async of(mock: SlurmMock): Promise<SlurmSnapshot> {
    return new SlurmSnapshot(await mock.show());
  }

  accountNames(): string[] {
    return this.state.accounts.map((a) => a.name).sort();
  }

  hasAccount(name: string): boolean {
    return this.state.accounts.some((a) => a.name === name);
  }

  /** The account association (user ''), which carries parent, limits and QOS. */
  account(name: string): AssocRec | undefined {
    return this.state.associations.find(
      (a) => a.account === name && a.user === '' && a.cluster === this.state.localCluster,
    );
  }

  parentOf(name: string): string | undefined {
    return this.account(name)?.parentAccount;
  }

  /** Users with an association on `account`, sorted. */
  users(account: string): string[] {
    return [
      ...new Set(
        this.state.associations.filter((a) => a.account === account && a.user !== '').map((a) => a.user),
      ),
    ].sort();
  }

  /** GrpTRESMins of the account by TRES name (cpu, mem, …). */
  grpTresMins(account: string): Record<string, number> {
    const assoc = this.account(account);
    if (assoc === undefined) return {};
    const names = new Map(
      this.state.tres.map((t) => [String(t.id), t.name === '' ? t.type : `${t.type}/${t.name}`]),
    );
    return Object.fromEntries(
      Object.entries(assoc.grpTresMins).map(([id, value]) => [names.get(id) ?? id, value]),
    );
  }

  /** The account's own QOS list (null = inherited) and default QOS. */
  qos(account: string): { qos: string[] | null; defaultQos: string | null } | undefined {
    const assoc = this.account(account);
    return assoc === undefined ? undefined : { qos: assoc.qos, defaultQos: assoc.defaultQos };
  }
}
