// slurm-mock by exec: a cluster is a state file (SLURM_MOCK_STATE), reset at start, read back with
// `slurm-mock show`, and changed "behind the agent's back" with the same sacctmgr the agent runs. Every call is a
// real child process, exactly as the agent sees the mock.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { MockState } from '@waldur-sim/slurm-mock';
import { HarnessError } from './harness-error.js';
import { childEnv } from './managed-process.js';

export type SlurmTool = 'slurm-mock' | 'sacctmgr' | 'sacct' | 'scancel' | 'sinfo' | 'sshare';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs an executable to its end; a non-zero exit is a result, only "could not run" is an error. */
export function runTool(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr, code: 0 });
        return;
      }
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number') resolve({ stdout, stderr, code });
      else
        reject(
          new HarnessError('SLURM_MOCK', `${file} ${args.join(' ')} could not run: ${error.message}`, {
            cause: error,
          }),
        );
    });
  });
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
    return runTool(file, argv, childEnv(this.env), 30_000);
  }

  /** Runs a tool and fails unless it exits 0; returns its stdout. */
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
