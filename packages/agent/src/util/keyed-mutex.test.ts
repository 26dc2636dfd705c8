import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

describe('KeyedMutex', () => {
  it('serialises work on the same key and lets other keys run concurrently', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    let releaseA: () => void = () => undefined;
    const a1 = m.run('a', async () => {
      log.push('a1 start');
      await new Promise<void>((r) => (releaseA = r));
      log.push('a1 end');
    });
    const a2 = m.run('a', () => {
      log.push('a2');
      return Promise.resolve();
    });
    const b = m.run('b', () => {
      log.push('b');
      return Promise.resolve();
    });
    await b;
    expect(log).toEqual(['a1 start', 'b']);
    releaseA();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
    expect(m.size).toBe(0);
  });

  it('releases the key when the work throws', async () => {
    const m = new KeyedMutex();
    await expect(m.run('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(m.run('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
