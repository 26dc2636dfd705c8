// The private node's side effects on the host, behind one injectable interface (LocalBrokerDeps) so the node's
// lifecycle (local-broker.ts) is tested without spawning anything: commands, the detached launcher, port
// probes, and finding the Erlang runtime's epmd.
import { execFile, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { ensureAdminUser, type EnsureAdminOptions, type EnsureAdminResult } from './admin-user.js';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { createLogger, type Logger } from './logger.js';
import { probeBroker, sleep, type BrokerProbe } from './readiness.js';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: Error | undefined;
}

/** Everything with a side effect outside this module, injectable for tests. */
export interface LocalBrokerDeps {
  readonly logger: Logger;
  readonly probe: (endpoints: BrokerEndpoints) => Promise<BrokerProbe>;
  readonly runCommand: (
    file: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    timeoutMs: number,
  ) => Promise<CommandResult>;
  /** Runs a launcher that daemonises (rabbitmq-server -detached); resolves with its exit code. */
  readonly spawnLauncher: (
    file: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    logFile: string,
  ) => Promise<number | null>;
  readonly isPortInUse: (port: number) => Promise<boolean>;
  /** The generated admin works and guest is gone (admin-user.ts). */
  readonly ensureAdmin: (options: EnsureAdminOptions) => Promise<EnsureAdminResult>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export function runCommand(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr, error: error ?? undefined });
    });
  });
}

export function spawnLauncher(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    // Own session: a Ctrl-C aimed at the caller's process group must not reach the broker. The node's
    // working folder is its log folder, never the caller's.
    const child = spawn(file, args, {
      env,
      cwd: dirname(logFile),
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    child.once('error', (error) => {
      closeSync(fd);
      reject(error);
    });
    child.once('exit', (code) => {
      closeSync(fd);
      resolve(code);
    });
  });
}

export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ port, host });
    const done = (inUse: boolean): void => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(1000, () => {
      done(true);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

export function defaultDeps(logger?: Logger): LocalBrokerDeps {
  return {
    logger: logger ?? createLogger('waldur-sim-broker'),
    probe: (endpoints) => probeBroker(endpoints),
    runCommand,
    spawnLauncher,
    isPortInUse: (port) => isPortInUse(port),
    ensureAdmin: ensureAdminUser,
    sleep,
    now: Date.now,
  };
}

/** epmd on PATH, else the one inside the Erlang runtime. */
export function findEpmd(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'epmd'));
  const erlang = '/usr/lib/erlang';
  if (existsSync(erlang)) {
    for (const entry of readdirSync(erlang))
      if (entry.startsWith('erts-')) candidates.push(join(erlang, entry, 'bin', 'epmd'));
  }
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function tail(file: string, lines: number): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
