// KeyedMutex and its Semaphore: FIFO per key, independent keys, abandoned waits leave nothing behind.
import { describe, expect, it } from 'vitest';
import { deferred } from '@waldur-sim/harness';
import { KeyedMutex } from './keyed-mutex.js';
import { Semaphore } from './semaphore.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedMutex', () => {
  it('runs the work of one key one at a time, in arrival order; other keys run alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const work = (key: string, i: number) =>
      mutex.run(key, async () => {
        log.push(`start ${key}${String(i)}`);
        await gates[i]?.promise;
        log.push(`end ${key}${String(i)}`);
      });
    const all = [work('a', 0), work('a', 1), work('b', 2)];
    await tick();
    expect(log).toEqual(['start a0', 'start b2']);
    gates[1]?.resolve(); // a1 is queued behind a0: releasing its gate must not start it
    await tick();
    expect(log).toEqual(['start a0', 'start b2']);
    gates[0]?.resolve();
    gates[2]?.resolve();
    await Promise.all(all);
    expect(log.indexOf('start a1')).toBeGreaterThan(log.indexOf('end a0'));
    expect(mutex.size).toBe(0);
  });

  it('releases the key when the work throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', () => Promise.resolve(7))).resolves.toBe(7);
    expect(mutex.size).toBe(0);
  });

  it('an aborted wait rejects with the reason, takes nothing and leaves the queue intact', async () => {
    const mutex = new KeyedMutex();
    const holder = deferred();
    const first = mutex.run('k', () => holder.promise);
    const abort = new AbortController();
    const waiting = mutex.acquire('k', abort.signal);
    const third = mutex.run('k', () => Promise.resolve('third'));
    abort.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    holder.resolve();
    await first;
    await expect(third).resolves.toBe('third');
    expect(mutex.size).toBe(0);
  });
});

describe('Semaphore', () => {
  it('admits at most `capacity` at once and hands a freed slot to the oldest waiter', async () => {
    const sem = new Semaphore(2);
    const r1 = await sem.acquire();
    const r2 = await sem.acquire();
    const order: number[] = [];
    const w3 = sem.acquire().then((r) => (order.push(3), r));
    const w4 = sem.acquire().then((r) => (order.push(4), r));
    await tick();
    expect(sem.inUse).toBe(2);
    expect(sem.waiting).toBe(2);
    r1();
    r1(); // a second call of the same release frees nothing more
    const r3 = await w3;
    await tick();
    expect(order).toEqual([3]);
    r2();
    const r4 = await w4;
    r3();
    r4();
    expect(sem.idle).toBe(true);
  });

  it('rejects a non-positive capacity and an already aborted signal', async () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    const abort = new AbortController();
    abort.abort(new Error('late'));
    await expect(new Semaphore(1).acquire(abort.signal)).rejects.toThrow('late');
  });
});
