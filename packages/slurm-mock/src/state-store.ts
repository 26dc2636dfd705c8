// The single JSON state file: lock-free reads (writers replace the file atomically), and
// read-modify-write under an exclusive lock with write-temp + fsync + rename, so concurrent
// invocations never lose each other's changes. An in-memory variant serves in-process tests.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StateFileError } from './errors.js';
import { withFileLock } from './file-lock.js';
import { createInitialState, DEFAULT_CLUSTER } from './initial-state.js';
import type { MockState } from './state-types.js';

export interface TransactResult<T> {
  value: T;
  /** Only a committed transaction writes the file; otherwise it is left byte-identical. */
  commit: boolean;
}

export interface StateStore {
  /** File path, or null for an in-memory store. */
  readonly path: string | null;
  read(): MockState;
  transact<T>(fn: (state: MockState) => TransactResult<T>): T;
}

export interface StateStoreOptions {
  /** Cluster name used when the state file does not exist yet. */
  initialCluster?: string;
  lockTimeoutMs?: number;
}

type Env = Record<string, string | undefined>;

/** `$SLURM_MOCK_STATE`, else `$XDG_STATE_HOME/waldur-sim/slurm-mock.json`, else `~/.local/state/...`. */
export function resolveStatePath(env: Env = process.env): string {
  const explicit = env.SLURM_MOCK_STATE;
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env.XDG_STATE_HOME;
  const base = xdg?.startsWith('/') === true ? xdg : join(env.HOME ?? homedir(), '.local', 'state');
  return join(base, 'waldur-sim', 'slurm-mock.json');
}

function parseState(text: string, path: string): MockState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new StateFileError('STATE_CORRUPT', `state file ${path} is not valid JSON`, { cause: e });
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { schemaVersion?: unknown }).schemaVersion !== 1 ||
    !Array.isArray((parsed as { associations?: unknown }).associations)
  ) {
    throw new StateFileError(
      'STATE_CORRUPT',
      `state file ${path} is not a slurm-mock state (schemaVersion 1)`,
    );
  }
  return parsed as MockState;
}

let tmpCounter = 0;

function writeAtomically(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.${tmpCounter++}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new StateFileError('STATE_IO', `cannot write state file ${path}`, { cause: e });
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Directory fsync is best effort (not supported everywhere).
  }
}

export function serializeState(state: MockState): string {
  return `${JSON.stringify(state, null, 1)}\n`;
}

export function createStateStore(path: string, options: StateStoreOptions = {}): StateStore {
  const initialCluster = options.initialCluster ?? DEFAULT_CLUSTER;
  const read = (): MockState => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return createInitialState(initialCluster);
      throw new StateFileError('STATE_IO', `cannot read state file ${path}`, { cause: e });
    }
    return parseState(text, path);
  };
  return {
    path,
    read,
    transact<T>(fn: (state: MockState) => TransactResult<T>): T {
      const lockOptions = options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs };
      return withFileLock(
        `${path}.lock`,
        () => {
          const state = read();
          const result = fn(state);
          if (result.commit) writeAtomically(path, serializeState(state));
          return result.value;
        },
        lockOptions,
      );
    },
  };
}

/** A store that keeps the state in memory (JSON round-trip per access, like the file store). */
export function createMemoryStateStore(initial?: MockState): StateStore {
  let text = serializeState(initial ?? createInitialState());
  return {
    path: null,
    read: () => parseState(text, '<memory>'),
    transact<T>(fn: (state: MockState) => TransactResult<T>): T {
      const state = parseState(text, '<memory>');
      const result = fn(state);
      if (result.commit) text = serializeState(state);
      return result.value;
    },
  };
}
