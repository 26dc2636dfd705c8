// Reads SLURM as an operator would, through the slurm-mock executables on a per-test state file (the shared
// harness's SlurmMock runs them).
import { partPaths, SlurmMock } from '@waldur-sim/harness';

export interface SlurmAccount {
  parent: string;
  users: string[];
  limits: string;
}

export class SlurmState {
  private readonly mock: SlurmMock;

  constructor(readonly stateFile: string) {
    this.mock = new SlurmMock(stateFile, partPaths().slurmBinDir);
  }

  get env(): NodeJS.ProcessEnv {
    return this.mock.env;
  }

  async reset(): Promise<void> {
    await this.mock.reset();
  }

  /** `sacctmgr list assoc`: account -> { parent, users, limits }. */
  async accounts(): Promise<Map<string, SlurmAccount>> {
    const stdout = await this.mock.ok('sacctmgr', [
      '-P',
      '-n',
      'list',
      'assoc',
      'format=account,parentname,user,grptresmins',
    ]);
    const out = new Map<string, SlurmAccount>();
    for (const line of stdout.trim().split('\n')) {
      if (line === '') continue;
      const [account = '', parent = '', user = '', limits = ''] = line.split('|');
      const entry = out.get(account) ?? { parent: '', users: [], limits: '' };
      if (user === '') {
        entry.parent = parent;
        entry.limits = limits;
      } else entry.users.push(user);
      out.set(account, entry);
    }
    return out;
  }

  /** Accounts whose parent is `parent` (the allocations of a project account). */
  async childrenOf(parent: string): Promise<string[]> {
    return [...(await this.accounts()).entries()]
      .filter(([, a]) => a.parent === parent)
      .map(([name]) => name)
      .sort();
  }
}
