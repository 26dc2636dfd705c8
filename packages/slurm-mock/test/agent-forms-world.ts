// The world the agent's command forms run against: customer → project → allocation with alice on the
// allocation (what an agent CREATE order leaves behind), in a fresh harness per test, and the exact-output check.
import { afterEach, beforeEach, expect } from 'vitest';
import { createHarness, type Harness } from './harness.js';

export function ok(r: { stdout: string; stderr: string; exitCode: number }, stdout: string): void {
  expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({
    stdout,
    stderr: '',
    exitCode: 0,
  });
}

function seed(h: Harness): void {
  h.mgr('add', 'account', 'hpc_cust', 'description="Customer 1"', 'organization="hpc_cust"');
  h.mgr(
    'add',
    'account',
    'hpc_proj',
    'description="Project 1"',
    'organization="hpc_proj"',
    'parent="hpc_cust"',
  );
  h.mgr(
    'add',
    'account',
    'hpc_alloc',
    'description="Alloc 1"',
    'organization="hpc_proj"',
    'parent="hpc_proj"',
  );
  h.mgr('add', 'user', 'alice', 'account=hpc_alloc', 'DefaultAccount=root', 'Share=parent');
}

/** A harness that is fresh and seeded for every test of the calling file (and cleaned up after it). */
export function useSeededHarness(): Harness {
  let current: Harness | undefined;
  beforeEach(() => {
    current = createHarness();
    seed(current);
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  return new Proxy({} as Harness, {
    get: (_target, key) => {
      if (current === undefined) throw new Error('the seeded harness is only there inside a test');
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}
