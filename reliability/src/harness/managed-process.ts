// A child process the harness owns: its own process group (whatever it spawns goes with it), stdout/stderr
// captured line by line (pino JSON parsed), appended to a log file, and stop() = SIGTERM then SIGKILL of the
// group. kill('SIGKILL') is the crash the fault cases inject. Every group still alive when the test process
// exits is killed, so a failing case leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReliabilityError } from './reliability-error.js';

export interface LogLine {
  readonly at: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly json: Readonly<Record<string, unknown>> | undefined;
}

export interface SpawnOptions {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile?: string;
  /** Lines kept in memory (default 20 000; the log file keeps everything). */
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
    for (const p of live) p.kill('SIGKILL');
  });
}

/** Environment for children: the parent's minus the CA bundle (~100 ms per node start) plus `extra`. */
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

  private constructor(options: SpawnOptions) {
    installExitHook();
    this.label = options.label;
    this.logStream =
      options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(options.command, [...options.args], {
      env: options.env ?? childEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    const maxLines = options.maxLines ?? 20_000;
    const attach = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> => {
      if (stream === null) return Promise.resolve();
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (text) => {
        const line: LogLine = { at: Date.now(), stream: name, text, json: parseJson(text) };
        this.lines.push(line);
        if (this.lines.length > maxLines) this.lines.shift();
        this.logStream?.write(`${text}\n`);
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
        void drained.then(() => {
          this.logStream?.end();
          resolve(status);
        });
      };
      this.child.once('exit', (code, signal) => {
        done({ code, signal });
      });
      this.child.once('error', (error) => {
        this.lines.push({
          at: Date.now(),
          stream: 'stderr',
          text: `spawn failed: ${error.message}`,
          json: undefined,
        });
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

  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tail(count = 40): string {
    return this.lines
      .slice(-count)
      .map((l) => l.text)
      .join('\n');
  }

  /** Lines whose pino `msg` equals `msg`. */
  records(msg: string): LogLine[] {
    return this.lines.filter((l) => l.json?.msg === msg);
  }

  /** The first line (seen or new) matching `predicate`; rejects on exit or timeout. */
  waitForLine(
    predicate: (line: LogLine) => boolean,
    timeoutMs: number,
    what = 'a matching log line',
  ): Promise<LogLine> {
    const seen = this.lines.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, line?: LogLine): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe();
        if (error === undefined && line !== undefined) resolve(line);
        else reject(error ?? new Error('unreachable'));
      };
      const timer = setTimeout(() => {
        finish(
          new ReliabilityError(
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
          new ReliabilityError(
            'PROCESS_EXITED',
            `${this.label} exited (code ${status.code ?? '-'}, signal ${status.signal ?? '-'}) before ${what}; last output:\n${this.tail()}`,
          ),
        );
      });
    });
  }

  /** Sends `signal` to the whole process group; false if it is gone. */
  kill(signal: NodeJS.Signals): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGTERM to the process, SIGKILL to the group after `timeoutMs`; always a final group SIGKILL. */
  async stop(timeoutMs = 15_000): Promise<ExitStatus> {
    if (this.exitStatus === undefined) {
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
      if (first === 'timeout') this.kill('SIGKILL');
    }
    const status = await this.exited;
    this.kill('SIGKILL');
    return status;
  }
}
