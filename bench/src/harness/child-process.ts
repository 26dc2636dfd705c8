// A child process the benchmark owns: its own process group (so the SLURM commands an agent spawns go with it),
// stdout and stderr appended straight to a log file (no pipe the benchmark would have to drain while it
// measures), and stop(): SIGTERM, then SIGKILL to the group after a grace period. A process-wide registry kills
// whatever is still alive when the benchmark exits, so an aborted run leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { LogFile } from './log-file.js';

export interface SpawnOptions {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly cwd?: string;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const live = new Set<OwnedProcess>();
let hookInstalled = false;

function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.killGroup('SIGKILL');
  });
}

/** Asks every owned process group to stop (SIGTERM), e.g. on Ctrl-C; scenarios waiting on them then fail fast. */
export function terminateAllOwned(): void {
  for (const p of live) p.killGroup('SIGTERM');
}

export class OwnedProcess {
  readonly label: string;
  readonly log: LogFile;
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private status: ExitStatus | undefined;
  private stopping: Promise<ExitStatus> | undefined;

  private constructor(options: SpawnOptions) {
    installExitHook();
    this.label = options.label;
    this.log = new LogFile(options.logFile);
    const fd = openSync(options.logFile, 'a');
    try {
      this.child = spawn(options.command, [...options.args], {
        env: options.env,
        detached: true,
        stdio: ['ignore', fd, fd],
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      });
    } finally {
      closeSync(fd);
    }
    live.add(this);
    this.exited = new Promise<ExitStatus>((resolve) => {
      const done = (status: ExitStatus): void => {
        if (this.status !== undefined) return;
        this.status = status;
        live.delete(this);
        resolve(status);
      };
      this.child.once('exit', (code, signal) => {
        done({ code, signal });
      });
      this.child.once('error', () => {
        done({ code: null, signal: null });
      });
    });
  }

  static spawn(options: SpawnOptions): OwnedProcess {
    return new OwnedProcess(options);
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`${this.label} has no pid (spawn failed)`);
    return pid;
  }

  get running(): boolean {
    return this.status === undefined;
  }

  killGroup(signal: NodeJS.Signals): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM (graceful shutdown), SIGKILL to the group after `timeoutMs`; idempotent. */
  stop(timeoutMs = 20_000): Promise<ExitStatus> {
    this.stopping ??= (async () => {
      if (this.status === undefined) {
        try {
          this.child.kill('SIGTERM');
        } catch {
          // already gone
        }
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => {
            resolve('timeout');
          }, timeoutMs);
        });
        const first = await Promise.race([this.exited, timedOut]);
        clearTimeout(timer);
        if (first === 'timeout') this.killGroup('SIGKILL');
      }
      const status = await this.exited;
      this.killGroup('SIGKILL');
      return status;
    })();
    return this.stopping;
  }
}

/** Runs a node script to completion; resolves with its exit status (output goes to `logFile`). */
export async function runToCompletion(
  options: SpawnOptions,
  timeoutMs: number,
): Promise<{ status: ExitStatus; log: LogFile }> {
  const proc = OwnedProcess.spawn(options);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, timeoutMs);
  });
  const first = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  const status = first === 'timeout' ? await proc.stop(5000) : first;
  return { status: first === 'timeout' ? { code: null, signal: 'SIGKILL' } : status, log: proc.log };
}
