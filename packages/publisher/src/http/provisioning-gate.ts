// Admission to broker provisioning (docs/guarantees.md#overload). A provisioning request holds a pooled database
// connection for its whole transaction, across RabbitMQ management calls; without a gate, a burst (an agent
// starting 500 offerings) would hold every pooled connection while the requests of one user queue on the same
// advisory lock, and everything else would time out (Prisma P2028 → 500). Here a request first waits, in
// memory and without a connection, for its user's turn (KeyedMutex) and then for one of `concurrency` slots
// (kept below the pool size, so ordinary requests always find a connection). A request that cannot get in
// within `maxWaitMs` gets 503 + Retry-After instead of piling up.
import { KeyedMutex } from '../concurrency/keyed-mutex.js';
import { Semaphore, type Release } from '../concurrency/semaphore.js';
import { realTimers, type Timers } from '../timers.js';
import { DEFAULT_RETRY_AFTER_SECONDS, ServiceUnavailableError } from './service-unavailable.js';

export type GateTimers = Timers;

export interface ProvisioningGateOptions {
  /** Provisioning transactions running at once in this process (≤ the database pool size − headroom). */
  readonly concurrency: number;
  /** Longest wait for admission before answering 503. */
  readonly maxWaitMs?: number;
  readonly retryAfterSeconds?: number;
  readonly timers?: GateTimers;
}

/** Database pool size default (node-postgres' own default is 10) and the share provisioning may use. */
export const DEFAULT_DB_POOL_SIZE = 20;
export const provisioningConcurrencyFor = (poolSize: number): number => Math.max(1, Math.floor(poolSize / 2));

export class ProvisioningGate {
  private readonly users = new KeyedMutex();
  private readonly slots: Semaphore;
  private readonly maxWaitMs: number;
  private readonly retryAfterSeconds: number;
  private readonly timers: GateTimers;

  constructor(options: ProvisioningGateOptions) {
    this.slots = new Semaphore(options.concurrency);
    this.maxWaitMs = options.maxWaitMs ?? 20_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    this.timers = options.timers ?? realTimers;
  }

  /** Requests admitted or waiting (diagnostics, tests). */
  get load(): { readonly running: number; readonly waitingForSlot: number; readonly users: number } {
    return { running: this.slots.inUse, waitingForSlot: this.slots.waiting, users: this.users.size };
  }

  /** Runs `fn` once `userId`'s earlier provisioning finished and a slot is free; 503 after `maxWaitMs`. */
  async run<T>(userId: string, fn: () => Promise<T>): Promise<T> {
    const gaveUp = new AbortController();
    const timer = this.timers.setTimeout(() => {
      gaveUp.abort(new ServiceUnavailableError('provisioning-queue', this.retryAfterSeconds));
    }, this.maxWaitMs);
    let releaseUser: Release | undefined;
    let releaseSlot: Release;
    try {
      releaseUser = await this.users.acquire(userId, gaveUp.signal);
      releaseSlot = await this.slots.acquire(gaveUp.signal);
    } catch (error) {
      releaseUser?.();
      throw error;
    } finally {
      this.timers.clearTimeout(timer);
    }
    try {
      return await fn();
    } finally {
      releaseSlot();
      releaseUser();
    }
  }
}
