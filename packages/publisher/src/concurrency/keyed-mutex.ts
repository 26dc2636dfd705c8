// Serialises work per key (a Waldur user's id) inside this process, FIFO, before any database connection is
// taken: concurrent provisioning requests of one user wait here in memory instead of each holding a pooled
// connection while blocked on the same PostgreSQL advisory lock (docs/guarantees.md#overload). The advisory
// lock stays, for other publisher processes on the same database.
import { Semaphore, type Release } from './semaphore.js';

export class KeyedMutex {
  private readonly locks = new Map<string, Semaphore>();

  /** Keys currently held or waited for. */
  get size(): number {
    return this.locks.size;
  }

  /** Resolves with a release once `key` is free; rejects with `signal.reason` if the signal aborts first. */
  async acquire(key: string, signal?: AbortSignal): Promise<Release> {
    let lock = this.locks.get(key);
    if (lock === undefined) {
      lock = new Semaphore(1);
      this.locks.set(key, lock);
    }
    const mine = lock;
    let release: Release;
    try {
      release = await mine.acquire(signal);
    } catch (error) {
      this.forgetIfIdle(key, mine);
      throw error;
    }
    return () => {
      release();
      this.forgetIfIdle(key, mine);
    };
  }

  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(key, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private forgetIfIdle(key: string, lock: Semaphore): void {
    if (lock.idle && this.locks.get(key) === lock) this.locks.delete(key);
  }
}
