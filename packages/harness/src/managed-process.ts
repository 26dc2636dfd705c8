// The one supervisor for every child process a suite starts: its own process group (whatever it spawns goes with
// it), output captured either line by line with arrival times (pino JSON parsed, optional log file and echo) or
// straight into a log file (no pipe to drain while a benchmark measures; read back through `log`), exit and
// crash reporting, and an idempotent stop(): SIGTERM, then SIGKILL to the group. A process-wide registry kills
// every group still alive when the test process exits, so a crashed run leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HarnessError } from './harness-error.js';
import { LogFile } from './log-file.js';
import { parseJsonObject } from './parse-json-object.js';

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
  /** Default: childEnv(). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** 'lines' (default): piped and kept in `lines`; 'file': written straight to `logFile` (required), see `log`. */
  readonly capture?: 'lines' | 'file';
  /** Raw output is appended here. */
  readonly logFile?: string;
  /** Called for every captured line (e.g. to print it labelled). */
  readonly echo?: (label: string, line: LogLine) => void;
  /** Keep at most this many lines in memory (default 50 000; the log file keeps everything). */
  readonly maxLines?: number;
}

export interface StopOptions {
  readonly signal?: NodeJS.Signals;
  /** Grace period before SIGKILL to the group (default 15 s). */
  readonly timeoutMs?: number;
  /** Signal every process of the group (for wrappers such as `pnpm run` that do not pass it on). */
  readonly wholeGroup?: boolean;
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

function spawnChild(options: SpawnOptions): ChildProcess {
  const common = {
    env: options.env ?? childEnv(),
    detached: true,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  };
  if (options.capture !== 'file')
    return spawn(options.command, [...options.args], { ...common, stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile === undefined)
    throw new HarnessError('LAYOUT', `${options.label}: file capture needs a logFile`);
  const fd = openSync(options.logFile, 'a');
  try {
    return spawn(options.command, [...options.args], { ...common, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

export class ManagedProcess {
  readonly label: string;
  readonly lines: LogLine[] = [];
  readonly exited: Promise<ExitStatus>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly logStream: WriteStream | undefined;
  private readonly logFile: string | undefined;
  private readonly fileCapture: boolean;
  private logReader: LogFile | undefined;
  private exitStatus: ExitStatus | undefined;
  private stopping: Promise<ExitStatus> | undefined;

  private constructor(options: SpawnOptions) {
    installExitHook();
    this.label = options.label;
    this.logFile = options.logFile;
    this.fileCapture = options.capture === 'file';
    this.logStream =
      options.logFile === undefined || this.fileCapture
        ? undefined
        : createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawnChild(options);
    live.add(this);
    const maxLines = options.maxLines ?? 50_000;
    const push = (line: LogLine): void => {
      this.lines.push(line);
      if (this.lines.length > maxLines) this.lines.shift();
      options.echo?.(this.label, line);
    };
    const attach = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): Promise<void> => {
      if (stream === null) return Promise.resolve();
      const rl = createInterface({ input: stream, crlfDelay: Infinity });
      rl.on('line', (text) => {
        const line: LogLine = { at: Date.now(), stream: name, text, json: parseJsonObject(text) };
        push(line);
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
        push({ at: Date.now(), stream: 'stderr', text: `spawn failed: ${error.message}`, json: undefined });
        done({ code: null, signal: null });
      });
    });
  }

  static spawn(options: SpawnOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  /** Spawns, waits for the exit (SIGKILL to the group after `timeoutMs`) and returns the process. */
  static async run(options: SpawnOptions, timeoutMs: number): Promise<ManagedProcess> {
    const proc = ManagedProcess.spawn(options);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    const first = await Promise.race([proc.exited, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout') await proc.stop({ signal: 'SIGKILL', timeoutMs: 5000 });
    return proc;
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

  /** The log file read back as it grows (file capture, or a line capture that also writes a log file). */
  get log(): LogFile {
    if (this.logFile === undefined) throw new HarnessError('LAYOUT', `${this.label} has no log file`);
    this.logReader ??= new LogFile(this.logFile);
    return this.logReader;
  }

  /** Subscribe to new lines (line capture); returns the unsubscribe function. */
  onLine(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Captured lines whose pino `msg` equals `msg`. */
  records(msg: string): LogLine[] {
    return this.lines.filter((l) => l.json?.msg === msg);
  }

  /** The captured output as text (for error messages). */
  tail(count = 40): string {
    if (this.fileCapture) return this.log.tail(count);
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
    if (this.fileCapture) {
      const asLine = (r: { json: LogLine['json']; text: string; time: number | undefined }): LogLine => ({
        at: r.time ?? Date.now(),
        stream: 'stdout',
        text: r.text,
        json: r.json,
      });
      return this.log.waitFor(what, (log) => log.records.map(asLine).find(predicate), {
        timeoutMs,
        pollMs: 50,
        alive: () => this.running,
      });
    }
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

  /** The crash a fault case injects: SIGKILL to the whole group, no shutdown hooks; resolves when it is gone. */
  async crash(): Promise<ExitStatus> {
    this.killGroup('SIGKILL');
    return this.exited;
  }

  /**
   * SIGTERM to the process itself (it shuts its children down), SIGKILL to the group after the grace period
   * (`timeoutMs`, or `options` itself when a number); then a final SIGKILL to the group in case a grandchild
   * outlived its parent. Idempotent: every call gets the same result.
   */
  stop(options: StopOptions | number = {}): Promise<ExitStatus> {
    const o: StopOptions = typeof options === 'number' ? { timeoutMs: options } : options;
    this.stopping ??= (async () => {
      if (this.exitStatus === undefined) {
        const signal = o.signal ?? 'SIGTERM';
        if (o.wholeGroup === true) this.killGroup(signal);
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
          }, o.timeoutMs ?? 15_000);
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

/** Signals every process the harness started that is still running (e.g. SIGTERM on Ctrl-C). */
export function signalAllProcesses(signal: NodeJS.Signals): void {
  for (const p of live) p.killGroup(signal);
}

/** Stops every process the harness started that is still running (teardown of last resort). */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop({ timeoutMs: 5000 })));
}
