// Runs external programs for backends. Only execFile (argv array, never a shell), so data such as account
// descriptions can never be interpreted as shell syntax. Injectable so tests record argv without processes.
import { execFile } from 'node:child_process';
import { BackendError } from './errors.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Process exit code; a signal-killed process reports 128 + signal number like a shell would, or 1. */
  exitCode: number;
}

export interface CommandRunOptions {
  /** Extra environment variables merged over the runner's base environment. */
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

export interface CommandRunner {
  /** Runs `file` with `args`. Resolves for any exit code; rejects only when the program cannot be started. */
  run(file: string, args: readonly string[], opts?: CommandRunOptions): Promise<CommandResult>;
}

export interface ExecFileRunnerOptions {
  /** Base environment (default process.env) — NODE_EXTRA_CA_CERTS is always removed. */
  env?: NodeJS.ProcessEnv;
  /** Default timeout per command in ms (default 120 000; 0 = none). */
  timeoutMs?: number;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function baseEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && k !== 'NODE_EXTRA_CA_CERTS') out[k] = v;
  }
  return out;
}

/** The real runner: node:child_process.execFile, UTF-8, 64 MiB output cap. */
export class ExecFileCommandRunner implements CommandRunner {
  private readonly env: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: ExecFileRunnerOptions = {}) {
    this.env = baseEnv(options.env ?? process.env);
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  run(file: string, args: readonly string[], opts: CommandRunOptions = {}): Promise<CommandResult> {
    const env = { ...this.env, ...(opts.env ?? {}) };
    return new Promise<CommandResult>((resolve, reject) => {
      execFile(
        file,
        [...args],
        {
          env,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          timeout: opts.timeoutMs ?? this.timeoutMs,
          windowsHide: true,
          ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
        },
        (error, stdout, stderr) => {
          if (error === null) {
            resolve({ stdout, stderr, exitCode: 0 });
            return;
          }
          const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
          if ((error as { killed?: boolean }).killed === true && timeoutMs > 0) {
            reject(
              new BackendError(`${file} timed out after ${timeoutMs} ms`, 'ERR_BACKEND_COMMAND', {
                cause: error,
                argv: [file, ...args],
                output: `${stdout}${stderr}`,
              }),
            );
            return;
          }
          const code: unknown = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          if (typeof code === 'number') {
            resolve({ stdout, stderr, exitCode: code });
            return;
          }
          const signal = (error as { signal?: NodeJS.Signals | null }).signal;
          if (typeof signal === 'string' && signal.length > 0) {
            resolve({ stdout, stderr, exitCode: 128 + (SIGNAL_NUMBERS[signal] ?? 0) });
            return;
          }
          reject(
            new BackendError(`Cannot run ${file}: ${error.message}`, 'ERR_BACKEND_COMMAND', {
              cause: error,
              argv: [file, ...args],
              output: `${stdout}${stderr}`,
            }),
          );
        },
      );
    });
  }
}
