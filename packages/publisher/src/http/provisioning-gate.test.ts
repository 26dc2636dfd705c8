// The provisioning gate with injected timers: per-user order, the global slot limit, and 503 after waiting.
import { describe, expect, it } from 'vitest';
import { deferred } from '@waldur-sim/harness';
import { ProvisioningGate, type GateTimers, provisioningConcurrencyFor } from './provisioning-gate.js';
import { ServiceUnavailableError } from './service-unavailable.js';

const tick = () => new Promise((r) => setImmediate(r));

/** Timers fired by hand. */
class ManualTimers implements GateTimers {
  private readonly pending = new Map<number, () => void>();
  private next = 0;
  setTimeout(fn: () => void): unknown {
    this.next += 1;
    this.pending.set(this.next, fn);
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fireAll(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
  }
}

describe('ProvisioningGate', () => {
  it('serialises one user and bounds the total, without timers left behind', async () => {
    const timers = new ManualTimers();
    const gate = new ProvisioningGate({ concurrency: 2, timers });
    const running = new Set<string>();
    let peak = 0;
    const holds = new Map<string, ReturnType<typeof deferred>>();
    const job = (user: string, id: string) => {
      const d = deferred();
      holds.set(id, d);
      return gate.run(user, async () => {
        running.add(id);
        peak = Math.max(peak, running.size);
        await d.promise;
        running.delete(id);
        return id;
      });
    };
    const jobs = [job('u1', 'a'), job('u1', 'b'), job('u2', 'c'), job('u3', 'd')];
    await tick();
    expect([...running].sort()).toEqual(['a', 'c']); // b waits for u1, d for a slot
    expect(gate.load).toMatchObject({ running: 2, waitingForSlot: 1 });
    holds.get('a')?.resolve();
    await tick();
    await tick();
    // a's slot went to d (waiting for a slot since before b could ask for one); b got u1's turn and waits for a slot
    expect([...running].sort()).toEqual(['c', 'd']);
    for (const id of ['b', 'c', 'd']) holds.get(id)?.resolve();
    await tick();
    holds.get('b')?.resolve();
    await expect(Promise.all(jobs)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(2);
    expect(timers.count).toBe(0);
    expect(gate.load).toEqual({ running: 0, waitingForSlot: 0, users: 0 });
  });

  it('answers 503 with Retry-After to a request that waited past maxWaitMs, and forgets it', async () => {
    const timers = new ManualTimers();
    const gate = new ProvisioningGate({ concurrency: 1, maxWaitMs: 5000, retryAfterSeconds: 3, timers });
    const hold = deferred();
    const first = gate.run('u1', () => hold.promise);
    const sameUser = gate.run('u1', () => Promise.resolve('never'));
    const otherUser = gate.run('u2', () => Promise.resolve('never'));
    await tick();
    timers.fireAll();
    const errors = await Promise.allSettled([sameUser, otherUser]);
    for (const r of errors) {
      expect(r.status).toBe('rejected');
      const reason = (r as PromiseRejectedResult).reason as ServiceUnavailableError;
      expect(reason).toBeInstanceOf(ServiceUnavailableError);
      expect(reason).toMatchObject({ statusCode: 503, retryAfterSeconds: 3, reason: 'provisioning-queue' });
    }
    hold.resolve();
    await first;
    await expect(gate.run('u1', () => Promise.resolve('later'))).resolves.toBe('later');
    expect(gate.load).toEqual({ running: 0, waitingForSlot: 0, users: 0 });
  });

  it('gives provisioning half the database pool, at least one connection', () => {
    expect(provisioningConcurrencyFor(20)).toBe(10);
    expect(provisioningConcurrencyFor(3)).toBe(1);
    expect(provisioningConcurrencyFor(1)).toBe(1);
  });
});
