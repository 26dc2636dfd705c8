// A child process the harness owns: its own process group (so whatever it spawns goes with it), stdout and
// stderr captured line by line with arrival times (pino JSON parsed), an optional log file and echo, and a
// stop() that asks politely (SIGTERM), then kills the group. A process-wide registry kills every group that is
// still alive when the harness process exits, so a crashed test run leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HarnessError } from './harness-error.js';

export interface LogLine {
  /** Arrival time (ms since epoch) in the harness; pino's own `time` is in `json.time`. */
  readonly at: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** The parsed line when it is a JSON object (pino). */
  readonly json: Readonly<Record<string, unknown>> | undefined;
}

export interface SpawnOptions {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Raw output is appended here. */
  readonly logFile?: string;
  /** Called for every line (e.g. to print it labelled). */
  readonly echo?: (label: string, line: LogLine) => void;
  /** Keep at most this many lines in memory (default 50 000). */
  readonly maxLines?: number;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.killGroup('SIGKILL');
  });
}

/** Environment for children: the parent's, minus the CA bundle (costs ~100 ms per node start; no TLS here). */
export function childEnv(
  extra: NodeJS.ProcessEnv = {},
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export class ManagedProcess {
  readonly label: string;
  readonly lines: LogLine[] = [];
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly logStream: WriteStream | undefined;
  private exitStatus: ExitStatus | undefined;
  private stopping: Promise<ExitStatus> | undefined;

  private constructor(options: SpawnOptions) {
    installExitHook();
    this.label = options.label;
    this.logStream =
      options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
    const spawnOptions = {
      env: options.env ?? childEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    };
    this.child = spawn(options.command, [...options.args], spawnOptions);
    live.add(this);
    const maxLines = options.maxLines ?? 50_000;
    const attach = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> => {
      if (stream === null) return Promise.resolve();
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (text) => {
        const line: LogLine = { at: Date.now(), stream: name, text, json: parseJson(text) };
        this.lines.push(line);
        if (this.lines.length > maxLines) this.lines.shift();
        this.logStream?.write(`${text}\n`);
        options.echo?.(this.label, line);
        for (const listener of this.listeners) listener(line);
      });
      return new Promise((resolve) => rl.once('close', resolve));
    };
    const drained = Promise.all([attach(this.child.stdout, 'stdout'), attach(this.child.stderr, 'stderr')]);
    this.exited = new Promise<ExitStatus>((resolve) => {
      const done = (status: ExitStatus): void => {
        if (this.exitStatus !== undefined) return;
        this.exitStatus = status;
        live.delete(this);
        // Let the last lines arrive before anyone reads the captured output.
        void drained.then(() => {
          this.logStream?.end();
          resolve(status);
        });
      };
      this.child.once('exit', (code, signal) => {
        done({ code, signal });
      });
      this.child.once('error', (error) => {
        const line: LogLine = {
          at: Date.now(),
          stream: 'stderr',
          text: `spawn failed: ${error.message}`,
          json: undefined,
        };
        this.lines.push(line);
        options.echo?.(this.label, line);
        done({ code: null, signal: null });
      });
    });
  }

  static spawn(options: SpawnOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  get status(): ExitStatus | undefined {
    return this.exitStatus;
  }

  /** Subscribe to new lines; returns the unsubscribe function. */
  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The captured output as text (for error messages). */
  tail(count = 40): string {
    return this.lines
      .slice(-count)
      .map((l) => l.text)
      .join('\n');
  }

  /** Resolves with the first line (already seen or new) matching `predicate`; rejects on exit or timeout. */
  waitForLine(
    predicate: (line: LogLine) => boolean,
    timeoutMs: number,
    what = 'a matching log line',
  ): Promise<LogLine> {
    const seen = this.lines.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const finish = (error: Error | undefined, line?: LogLine): void => {
        clearTimeout(timer);
        unsubscribe();
        if (error === undefined && line !== undefined) resolve(line);
        else reject(error ?? new Error('unreachable'));
      };
      const timer = setTimeout(() => {
        finish(
          new HarnessError(
            'WAIT_TIMEOUT',
            `${this.label}: no ${what} within ${timeoutMs} ms; last output:\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onLine((line) => {
        if (predicate(line)) finish(undefined, line);
      });
      void this.exited.then((status) => {
        finish(
          new HarnessError(
            'PROCESS_EXITED',
            `${this.label} exited (code ${status.code ?? '-'}, signal ${status.signal ?? '-'}) before ${what}; last output:\n${this.tail()}`,
          ),
        );
      });
    });
  }

  /** Sends `signal` to the whole process group; false if it is already gone. */
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

  /**
   * SIGTERM to the process itself (it shuts its children down; `wholeGroup` signals every process of the group,
   * for wrappers such as `pnpm run` that do not pass it on), SIGKILL to the group after `timeoutMs`; then a final
   * SIGKILL to the group in case a grandchild outlived its parent. Idempotent.
   */
  stop(
    options: { signal?: NodeJS.Signals; timeoutMs?: number; wholeGroup?: boolean } = {},
  ): Promise<ExitStatus> {
    this.stopping ??= (async () => {
      if (this.exitStatus === undefined) {
        const signal = options.signal ?? 'SIGTERM';
        if (options.wholeGroup === true) this.killGroup(signal);
        else {
          try {
            this.child.kill(signal);
          } catch {
            // already gone
          }
        }
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => {
            resolve('timeout');
          }, options.timeoutMs ?? 15_000);
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

/** Stops every process the harness started that is still running (teardown of last resort). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop({ timeoutMs: 5000 })));
}
