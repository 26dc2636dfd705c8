// Reads SLURM as an operator would, through the slurm-mock executables on a per-test state file.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SLURM_MOCK_BIN } from './agent-process.js';
import { childEnv } from './child-process.js';

const run = promisify(execFile);

export interface SlurmAccount {
  parent: string;
  users: string[];
  limits: string;
}

export class SlurmState {
  constructor(readonly stateFile: string) {}

  get env(): NodeJS.ProcessEnv {
    return { SLURM_MOCK_STATE: this.stateFile };
  }

  async reset(): Promise<void> {
    await run(join(SLURM_MOCK_BIN, 'slurm-mock'), ['reset'], { env: childEnv(this.env) }).catch(
      (err: unknown) => {
        throw new Error(
          `slurm-mock does not run (build it: pnpm --filter @waldur-sim/slurm-mock build): ${String(err)}`,
        );
      },
    );
  }

  /** `sacctmgr list assoc`: account -> { parent, users, limits }. */
  async accounts(): Promise<Map<string, SlurmAccount>> {
    const { stdout } = await run(
      join(SLURM_MOCK_BIN, 'sacctmgr'),
      ['-P', '-n', 'list', 'assoc', 'format=account,parentname,user,grptresmins'],
      { env: childEnv(this.env) },
    );
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
