import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, StateFileError } from './errors.js';
import { withFileLock } from './file-lock.js';
import { createMemoryStateStore, createStateStore, resolveStatePath } from './state-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slurm-mock-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('state path', () => {
  it('prefers SLURM_MOCK_STATE, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(resolveStatePath({ SLURM_MOCK_STATE: '/x/s.json', XDG_STATE_HOME: '/y' })).toBe('/x/s.json');
    expect(resolveStatePath({ XDG_STATE_HOME: '/y', HOME: '/h' })).toBe('/y/waldur-sim/slurm-mock.json');
    expect(resolveStatePath({ HOME: '/h' })).toBe('/h/.local/state/waldur-sim/slurm-mock.json');
  });
});

describe('file store', () => {
  it('reads the initial state without creating the file; writes only committed transactions', () => {
    const path = join(dir, 'sub', 'state.json');
    const store = createStateStore(path, { initialCluster: 'Gamma' });
    expect(store.read().localCluster).toBe('gamma');
    store.transact((s) => {
      s.nextJobId = 99;
      return { value: null, commit: false };
    });
    expect(() => readFileSync(path)).toThrow();
    store.transact((s) => {
      s.nextJobId = 7;
      return { value: null, commit: true };
    });
    expect(store.read().nextJobId).toBe(7);
  });

  it('refuses a corrupt or foreign file with a typed error', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, '{ not json');
    expect(() => createStateStore(path).read()).toThrow(StateFileError);
    writeFileSync(path, '{"hello": 1}');
    expect(() => createStateStore(path).read()).toThrow(/schemaVersion 1/);
  });

  it('memory store keeps commits only', () => {
    const store = createMemoryStateStore();
    store.transact((s) => {
      s.nextJobId = 5;
      return { value: null, commit: true };
    });
    expect(store.read().nextJobId).toBe(5);
    expect(store.path).toBeNull();
  });
});

describe('file lock', () => {
  it('recovers a lock left by a dead process', () => {
    const lock = join(dir, 'state.json.lock');
    writeFileSync(lock, `999999999 ${Date.now()}\n`);
    expect(withFileLock(lock, () => 'got it', { timeoutMs: 2000 })).toBe('got it');
  });

  it('times out while a live holder keeps the lock', () => {
    const lock = join(dir, 'state.json.lock');
    writeFileSync(lock, `${process.pid} ${Date.now()}\n`);
    expect(() => withFileLock(lock, () => 'never', { timeoutMs: 100 })).toThrow(LockTimeoutError);
  });

  it('treats a lock older than staleMs as abandoned', () => {
    const lock = join(dir, 'state.json.lock');
    writeFileSync(lock, `${process.pid} ${Date.now() - 60000}\n`);
    expect(withFileLock(lock, () => 'ok', { timeoutMs: 2000, staleMs: 30000 })).toBe('ok');
  });
});
