// A child process the integration tests drive over its real CLI: stdout/stderr captured line by line (pino JSON
// lines parsed), waiting for a log line, and a stop that escalates from SIGTERM to SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type LogLine = Record<string, unknown> & { msg?: string };

export interface RunningChild {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Every stdout/stderr line so far. */
  readonly lines: string[];
  /** The stdout lines only. */
  readonly stdout: string[];
  /** The stdout/stderr lines that parsed as JSON objects (pino records). */
  readonly records: LogLine[];
  readonly exited: Promise<ExitStatus>;
  /** Resolves with the first record (past or future) matching `match`. */
  waitForRecord(match: (r: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit status. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** The last lines, for failure messages. */
  tail(n?: number): string;
}

/** The environment for a child node process: without NODE_EXTRA_CA_CERTS (~100 ms per start, not needed). */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export function spawnNode(
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): RunningChild {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stdout: string[] = [];
  const records: LogLine[] = [];
  const waiters = new Set<() => void>();
  const onLine = (line: string): void => {
    lines.push(line);
    if (line.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed === 'object' && parsed !== null) records.push(parsed as LogLine);
      } catch {
        // not a log record
      }
    }
    if (process.env.TEST_CHILD_OUTPUT === '1') process.stderr.write(`[${name}] ${line}\n`);
    for (const w of waiters) w();
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    onLine(line);
  });
  createInterface({ input: child.stderr }).on('line', onLine);
  const exited = new Promise<ExitStatus>((resolve) => {
    // 'close', not 'exit': all output has been read by then.
    child.once('close', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters) w();
    });
  });
  let status: ExitStatus | null = null;
  void exited.then((s) => {
    status = s;
  });
  const tail = (n = 40): string => lines.slice(-n).join('\n');

  return {
    name,
    pid: child.pid ?? -1,
    child,
    lines,
    stdout,
    records,
    exited,
    tail,
    waitForRecord(match, timeoutMs, what) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = (): void => {
          const found = records.find(match);
          if (found !== undefined) {
            done();
            resolve(found);
          } else if (status !== null) {
            done();
            reject(new Error(`${name} exited (${JSON.stringify(status)}) before ${what}\n${tail()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`Timed out waiting for ${what} from ${name}\n${tail()}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 20_000) {
      if (status !== null) return status;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const s = await exited;
      clearTimeout(timer);
      return s;
    },
  };
}
