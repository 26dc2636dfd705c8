// One slurm-mock cluster per scenario: a state file of its own (SLURM_MOCK_STATE), reset at start, read back
// with `slurm-mock show` for assertions, and changed "behind the agent's back" with the same sacctmgr the
// agent runs. Every call is a real child process, exactly as the agent sees the mock.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { AssocRec, MockState } from '@waldur-sim/slurm-mock';
import { HarnessError } from './harness-error.js';
import { childEnv } from './managed-process.js';

export type SlurmTool = 'slurm-mock' | 'sacctmgr' | 'sacct' | 'scancel' | 'sinfo' | 'sshare';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export class SlurmMock {
  constructor(
    readonly stateFile: string,
    readonly binDir: string,
  ) {}

  /** What the agent (or anyone running the tools) needs in its environment. */
  get env(): Record<string, string> {
    return { SLURM_MOCK_STATE: this.stateFile };
  }

  /** The command line that runs `tool` (a subclass may run it elsewhere, e.g. inside a container). */
  protected commandLine(tool: SlurmTool, args: readonly string[]): [string, string[]] {
    return [join(this.binDir, tool), [...args]];
  }

  run(tool: SlurmTool, args: readonly string[]): Promise<ToolResult> {
    const [file, argv] = this.commandLine(tool, args);
    return new Promise((resolve, reject) => {
      execFile(
        file,
        argv,
        { env: childEnv(this.env), encoding: 'utf8', timeout: 30_000 },
        (error, stdout, stderr) => {
          if (error === null) {
            resolve({ stdout, stderr, code: 0 });
            return;
          }
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'number') resolve({ stdout, stderr, code });
          else
            reject(
              new HarnessError('SLURM_MOCK', `${tool} ${args.join(' ')} could not run: ${error.message}`, {
                cause: error,
              }),
            );
        },
      );
    });
  }

  /** Runs a tool and fails unless it exits 0. */
  async ok(tool: SlurmTool, args: readonly string[]): Promise<string> {
    const result = await this.run(tool, args);
    if (result.code !== 0) {
      throw new HarnessError(
        'SLURM_MOCK',
        `${tool} ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`,
      );
    }
    return result.stdout;
  }

  async reset(cluster?: string): Promise<void> {
    await this.ok('slurm-mock', ['reset', ...(cluster === undefined ? [] : ['--cluster', cluster])]);
  }

  async show(): Promise<MockState> {
    return JSON.parse(await this.ok('slurm-mock', ['show'])) as MockState;
  }

  /** Creates QOS records (what a site admin does before pointing the agent at qos_paused etc.); QOS that already
   * exist (slurm-mock starts with normal, paused and downscaled) are left alone, as sacctmgr refuses re-adding. */
  async addQos(...names: string[]): Promise<void> {
    const existing = new Set(
      (await this.ok('sacctmgr', ['-nP', 'list', 'qos', 'format=name'])).split('\n').filter((n) => n !== ''),
    );
    for (const name of names) {
      if (!existing.has(name.toLowerCase())) await this.ok('sacctmgr', ['-i', 'add', 'qos', name]);
    }
  }
}

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
