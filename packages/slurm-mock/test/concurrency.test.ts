// 50 concurrent `sacctmgr add user` processes against one state file: the lock + atomic replace must
// not lose a single association.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBin } from './harness.js';

const MGR = ['--parsable2', '--noheader', '--immediate'];
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slurm-mock-conc-'));
  env = { SLURM_MOCK_STATE: join(dir, 'state.json') };
  expect((await runBin('sacctmgr', [...MGR, 'add', 'account', 'shared'], env)).exitCode).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('50 parallel add user invocations all land', { timeout: 120000 }, async () => {
  const n = 50;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      runBin('sacctmgr', [...MGR, 'add', 'user', `u${i}`, 'account=shared'], env),
    ),
  );
  expect(results.filter((r) => r.exitCode !== 0)).toEqual([]);
  const list = await runBin(
    'sacctmgr',
    [...MGR, 'list', 'associations', 'format=user', 'where', 'account=shared'],
    env,
  );
  const users = list.stdout.split('\n').filter((u) => u !== '');
  expect(users.sort()).toEqual(Array.from({ length: n }, (_, i) => `u${i}`).sort());
});
