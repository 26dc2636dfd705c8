import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order, also after a failure', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const task = (i: number, fail = false) =>
      limit.run(
        () =>
          new Promise<number>((resolve, reject) => {
            started.push(i);
            finish[i] = () => {
              if (fail) reject(new Error(`task ${String(i)}`));
              else resolve(i);
            };
          }),
      );
    const t0 = task(0, true);
    const rest = [task(1), task(2), task(3)];
    await tick();
    expect(started).toEqual([0, 1]);
    finish[0]?.();
    await expect(t0).rejects.toThrow('task 0');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(limit.running).toBe(2);
    finish[1]?.();
    finish[2]?.();
    await tick();
    finish[3]?.();
    await expect(Promise.all(rest)).resolves.toEqual([1, 2, 3]);
    expect(limit.running).toBe(0);
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });
});
