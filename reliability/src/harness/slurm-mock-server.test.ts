// The shims give the agent the same output, exit code and state change whether a command runs in the suite's
// slurm-mock server or in the real executable, and both paths write the same command-log line.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { partPaths } from './paths.js';
import { SlurmCluster } from './slurm-cluster.js';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slurm-mock-server-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shim(
  cluster: SlurmCluster,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(cluster.shimDir, 'sacctmgr'), [...args], {
      env: { ...process.env, ...cluster.env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('slurm-mock server behind the shims', () => {
  test('same answers, state and command log as the real executable', async () => {
    const outcomes: { code: number; stdout: string; stderr: string }[][] = [];
    const logs: string[][] = [];
    for (const inProcess of [false, true]) {
      const cluster = await SlurmCluster.create(join(dir, String(inProcess)), partPaths().slurmBinDir);
      const stop = inProcess ? await cluster.serveInProcess() : undefined;
      try {
        expect(cluster.env.SLURM_SHIM_PORT !== undefined).toBe(inProcess);
        outcomes.push([
          await shim(cluster, ['--immediate', 'add', 'account', 'acc_a', 'description="A b"']),
          await shim(cluster, ['--immediate', 'add', 'account', 'acc_a', 'description="A b"']),
          await shim(cluster, ['--parsable2', '--noheader', 'list', 'account', 'format=account,descr']),
          await shim(cluster, ['--immediate', 'add', 'account', 'bad name']),
        ]);
        expect(cluster.state().accounts.map((a) => a.name)).toContain('acc_a');
        logs.push(
          (await cluster.commands()).map((c) => `${String(c.exitCode)} ${c.argv.join(' ')} ${c.stdout}`),
        );
      } finally {
        await stop?.();
      }
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(logs[1]).toEqual(logs[0]);
    expect(outcomes[0]?.[3]?.code, 'a refused command keeps its exit code').not.toBe(0);
    expect(outcomes[0]?.[2]?.stdout).toMatch(/acc_a\|a b/);
  });
});
