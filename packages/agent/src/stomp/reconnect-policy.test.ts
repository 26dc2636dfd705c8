import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconnectPolicy, type ReconnectPolicyOptions } from './reconnect-policy.js';

const options: ReconnectPolicyOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 8000,
  multiplier: 2,
  jitter: 'none',
  jitterRatio: 0,
};

describe('ReconnectPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires after the backoff delay, doubling per failure up to the cap', () => {
    const policy = new ReconnectPolicy(options);
    const connect = vi.fn();
    const delays: (number | null)[] = [];
    for (let i = 0; i < 6; i += 1) {
      delays.push(policy.schedule(connect));
      vi.advanceTimersByTime(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(connect).toHaveBeenCalledTimes(6);
  });

  it('does not fire before the delay elapses', () => {
    const policy = new ReconnectPolicy(options);
    const connect = vi.fn();
    policy.schedule(connect);
    vi.advanceTimersByTime(999);
    expect(connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(connect).toHaveBeenCalledOnce();
  });

  it('keeps exactly one pending retry however many times schedule is called', () => {
    const policy = new ReconnectPolicy(options);
    const connect = vi.fn();
    expect(policy.schedule(connect)).toBe(1000);
    expect(policy.schedule(connect)).toBeNull();
    expect(policy.schedule(connect)).toBeNull();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(connect).toHaveBeenCalledOnce();
  });

  it('starts from the initial delay again after reset', () => {
    const policy = new ReconnectPolicy(options);
    policy.schedule(vi.fn());
    vi.runAllTimers();
    policy.schedule(vi.fn());
    vi.runAllTimers();
    policy.reset();
    expect(policy.schedule(vi.fn())).toBe(1000);
  });

  it('stop cancels the pending retry and refuses new ones', () => {
    const policy = new ReconnectPolicy(options);
    const connect = vi.fn();
    policy.schedule(connect);
    policy.stop();
    vi.runAllTimers();
    expect(connect).not.toHaveBeenCalled();
    expect(policy.schedule(connect)).toBeNull();
  });

  it('never gives up: attempts keep being scheduled well beyond ten failures', () => {
    const policy = new ReconnectPolicy({ ...options, jitter: 'full' }, { random: () => 0.5 });
    const connect = vi.fn();
    for (let i = 0; i < 50; i += 1) {
      expect(policy.schedule(connect)).not.toBeNull();
      vi.runOnlyPendingTimers();
    }
    expect(connect).toHaveBeenCalledTimes(50);
    expect(policy.attempts).toBe(50);
  });

  it('uses injected timers and random', () => {
    const setTimeoutFn = vi.fn((_fn: () => void, _ms: number) => 'h');
    const policy = new ReconnectPolicy(
      { ...options, jitter: 'full' },
      { timers: { setTimeout: setTimeoutFn, clearTimeout: vi.fn() }, random: () => 0.25 },
    );
    expect(policy.schedule(vi.fn())).toBe(250);
    expect(setTimeoutFn).toHaveBeenCalledWith(expect.any(Function), 250);
  });
});
