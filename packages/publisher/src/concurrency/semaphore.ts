// A counting semaphore with FIFO waiters whose wait can be abandoned through an AbortSignal: the provisioning gate
// (http/provisioning-gate.ts) bounds how many broker-provisioning transactions hold a pooled database connection
// at once, and a request that waited too long leaves the queue instead of taking a slot it no longer wants.

export type Release = () => void;

interface Waiter {
  readonly grant: (release: Release) => void;
  readonly reject: (reason: unknown) => void;
}

export class Semaphore {
  private held = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`semaphore capacity must be a positive integer, got ${String(capacity)}`);
  }

  /** Slots in use. */
  get inUse(): number {
    return this.held;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** No slot in use and nobody waiting. */
  get idle(): boolean {
    return this.held === 0 && this.waiters.length === 0;
  }

  /**
   * Resolves with a release function once a slot is free (FIFO). Rejects with `signal.reason` when the signal
   * aborts first; the caller then holds nothing. Calling a release twice is harmless.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    if (this.held < this.capacity && this.waiters.length === 0) {
      this.held += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `fn` holding one slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter (held stays the same), so nobody can overtake the queue.
      if (next === undefined) this.held -= 1;
      else next.grant(this.releaser());
    };
  }
}
