// Cross-process mutual exclusion for the state file: an O_EXCL lock file holding "pid time", with
// stale-lock recovery (holder dead, or older than staleMs). Synchronous on purpose: every CLI call is a
// short-lived process and blocking it while waiting is exactly what we want.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LockTimeoutError } from './errors.js';

export interface FileLockOptions {
  timeoutMs?: number;
  staleMs?: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function errCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e ? String(e.code) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

/** True when the lock names a dead process, or is older than staleMs (also covers unreadable content). */
function isStale(content: string, mtimeMs: number, staleMs: number): boolean {
  const [pidText, timeText] = content.trim().split(' ');
  const pid = Number(pidText);
  const time = Number(timeText);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isFinite(time)) return Date.now() - mtimeMs > staleMs;
  return !isAlive(pid) || Date.now() - time > staleMs;
}

function tryAcquire(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx', 0o600);
    try {
      writeSync(fd, `${process.pid} ${Date.now()}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    if (errCode(e) === 'EEXIST') return false;
    if (errCode(e) === 'ENOENT') {
      mkdirSync(dirname(lockPath), { recursive: true });
      return false;
    }
    throw e;
  }
}

function removeIfStale(lockPath: string, staleMs: number): void {
  let content: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockPath).mtimeMs;
    content = readFileSync(lockPath, 'utf8');
  } catch {
    return;
  }
  if (!isStale(content, mtimeMs, staleMs)) return;
  // Re-read right before unlinking so a lock freshly taken by someone else is left alone.
  try {
    if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
  } catch {
    // Another process removed it first.
  }
}

export function withFileLock<T>(lockPath: string, fn: () => T, options: FileLockOptions = {}): T {
  const timeoutMs = options.timeoutMs ?? 15000;
  const staleMs = options.staleMs ?? 30000;
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  let attempts = 0;
  while (!tryAcquire(lockPath)) {
    attempts++;
    if (attempts % 8 === 0) removeIfStale(lockPath, staleMs);
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`could not lock ${lockPath} within ${timeoutMs} ms`);
    }
    sleepSync(delay + Math.random() * delay);
    delay = Math.min(delay * 1.5, 20);
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone (removed as stale by a peer after a very long hold); nothing to release.
    }
  }
}
