import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLog } from '../testing/test-context.js';
import { TickLoop } from './tick-loop.js';

describe('TickLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('touches the heartbeat every tick and runs each job when its period elapsed, first run immediately', async () => {
    const ticks = vi.fn(() => Promise.resolve());
    const job = vi.fn(() => Promise.resolve());
    const late = vi.fn(() => Promise.resolve());
    const loop = new TickLoop({
      tickMs: 60_000,
      log: silentLog,
      onTick: ticks,
      jobs: [
        { name: 'orders', periodMs: 5 * 60_000, run: job },
        { name: 'reconcile', periodMs: 3 * 60_000, runOnStart: false, run: late },
      ],
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toHaveBeenCalledTimes(1);
    expect(job).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(ticks).toHaveBeenCalledTimes(4);
    expect(late).toHaveBeenCalledTimes(1);
    expect(job).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(job).toHaveBeenCalledTimes(2);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(ticks).toHaveBeenCalledTimes(6);
  });

  it('keeps ticking while a long job runs and never starts it twice', async () => {
    let finish: () => void = () => undefined;
    const job = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const ticks = vi.fn(() => Promise.resolve());
    const loop = new TickLoop({
      tickMs: 1000,
      log: silentLog,
      onTick: ticks,
      jobs: [{ name: 'slow', periodMs: 1000, run: job }],
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks).toHaveBeenCalledTimes(6);
    expect(job).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(2);
    finish();
    await loop.stop();
  });

  it('a failing job or heartbeat does not stop the loop', async () => {
    const job = vi.fn(() => Promise.reject(new Error('boom')));
    const loop = new TickLoop({
      tickMs: 1000,
      log: silentLog,
      onTick: () => Promise.reject(new Error('disk full')),
      jobs: [{ name: 'j', periodMs: 1000, run: job }],
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(job).toHaveBeenCalledTimes(4);
    await loop.stop();
  });
});
