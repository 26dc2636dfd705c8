// Test harness: a private state file per test, in-process runs through the library (runCommand) with a
// pinned real clock, and real child-process runs of the bin/ executables against the same file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CommandResult,
  createStateStore,
  runCommand,
  type StateStore,
  type ToolName,
} from '../src/index.js';

export const BIN_DIR = fileURLToPath(new URL('../bin/', import.meta.url));
/** The agent's prefix for sacctmgr (parsable + immediate) and sacct (parsable). */
export const MGR = ['--parsable2', '--noheader', '--immediate'] as const;
export const PARSABLE = ['--parsable2', '--noheader'] as const;

export interface Harness {
  dir: string;
  statePath: string;
  store: StateStore;
  /** In-process run; `now` is the real clock the mock sees (state may pin its own). */
  run(tool: ToolName, ...argv: string[]): CommandResult;
  mgr(...argv: string[]): CommandResult;
  stateText(): string;
  cleanup(): void;
}

export const FIXED_NOW = new Date('2026-11-15T12:00:00Z');

export function createHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-mock-test-'));
  const statePath = join(dir, 'state.json');
  const store = createStateStore(statePath);
  const env = { SLURM_MOCK_STATE: statePath };
  const run = (tool: ToolName, ...argv: string[]): CommandResult =>
    runCommand(tool, argv, { store, env, clock: () => new Date(FIXED_NOW) });
  return {
    dir,
    statePath,
    store,
    run,
    mgr: (...argv) => run('sacctmgr', ...MGR, ...argv),
    stateText: () => readFileSync(statePath, 'utf8'),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ProcResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs bin/<tool> as a real child process (no shell). */
export function runBin(
  tool: string,
  argv: readonly string[],
  env: Record<string, string>,
): Promise<ProcResult> {
  return new Promise((resolve) => {
    execFile(join(BIN_DIR, tool), argv, { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}
