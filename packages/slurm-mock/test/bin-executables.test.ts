// The real bin/ executables as child processes (no shell), as the agent runs them from slurm_bin_path:
// exit codes, stdout/stderr split, state shared through SLURM_MOCK_STATE, and the control command.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './harness.js';

let dir: string;
let env: Record<string, string>;
const P = ['--parsable2', '--noheader'];
const MGR = [...P, '--immediate'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slurm-mock-bin-'));
  env = { SLURM_MOCK_STATE: join(dir, 'state.json'), SLURM_MOCK_CLUSTER: 'Alpha' };
  expect(await runBin('slurm-mock', ['reset'], env)).toMatchObject({ exitCode: 0 });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bin/ executables', () => {
  it('sacctmgr --version / sinfo -V print a slurm version', async () => {
    expect(await runBin('sacctmgr', ['--version'], env)).toEqual({
      stdout: 'slurm 23.11.10\n',
      stderr: '',
      exitCode: 0,
    });
    expect(await runBin('sinfo', ['-V'], env)).toEqual({
      stdout: 'slurm 23.11.10\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('reset honours SLURM_MOCK_CLUSTER (folded to lower case)', async () => {
    expect(await runBin('sacctmgr', [...MGR, 'list', 'cluster', 'format=cluster'], env)).toEqual({
      stdout: 'alpha\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('add account / show account round-trip through the state file, quoted argv intact', async () => {
    const add = await runBin(
      'sacctmgr',
      [...MGR, 'add', 'account', 'hpc_b', 'description="Bin Test"', 'organization="hpc_b"', 'cluster=alpha'],
      env,
    );
    expect(add.exitCode).toBe(0);
    expect(add.stdout).toContain(' Adding Account(s)\n  hpc_b\n');
    expect(await runBin('sacctmgr', [...MGR, 'show', 'account', 'hpc_b'], env)).toEqual({
      stdout: 'hpc_b|bin test|hpc_b\n',
      stderr: '',
      exitCode: 0,
    });
    const state = JSON.parse(readFileSync(env.SLURM_MOCK_STATE ?? '', 'utf8')) as {
      accounts: { name: string }[];
    };
    expect(state.accounts.map((a) => a.name)).toContain('hpc_b');
  });

  it('a no-op modify prints "Nothing modified" on stdout and exits 1', async () => {
    expect(
      await runBin('sacctmgr', [...MGR, 'modify', 'account', 'ghost', 'set', 'fairshare=1'], env),
    ).toEqual({
      stdout: ' Nothing modified\n',
      stderr: '',
      exitCode: 1,
    });
  });

  it('errors go to stderr with exit 1', async () => {
    expect(await runBin('sacctmgr', [...MGR, 'add', 'bogus'], env)).toMatchObject({
      stdout: '',
      stderr: expect.stringContaining('No valid entity in add command') as unknown,
      exitCode: 1,
    });
  });

  it('job create → sacct → scancel -A → sacct shows it cancelled', async () => {
    await runBin('sacctmgr', [...MGR, 'add', 'user', 'carol', 'account=hpc_b'], env);
    expect(
      await runBin('slurm-mock', ['job', 'create', '--account', 'hpc_b', '--user', 'carol'], env),
    ).toEqual({
      stdout: 'Submitted batch job 1\n',
      stderr: '',
      exitCode: 0,
    });
    expect(
      await runBin('sacct', [...P, '-X', '-a', '--accounts=hpc_b', '--format=JobID,User,State'], env),
    ).toMatchObject({
      stdout: '1|carol|RUNNING\n',
      exitCode: 0,
    });
    expect(await runBin('scancel', ['--cluster=alpha', '-A', 'hpc_b', '-f'], env)).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(
      await runBin('sacct', [...P, '-X', '-a', '--accounts=hpc_b', '--format=JobID,State'], env),
    ).toMatchObject({
      stdout: '1|CANCELLED by 0\n',
      exitCode: 0,
    });
  });

  it('fail-next makes the next N invocations fail transiently, then the backend recovers', async () => {
    expect(await runBin('slurm-mock', ['fail-next', '2', '--command', 'sacctmgr'], env)).toMatchObject({
      exitCode: 0,
    });
    const failed = await runBin('sacctmgr', [...MGR, 'list', 'account'], env);
    expect(failed).toEqual({
      stdout: '',
      stderr:
        'sacctmgr: error: Sending PersistInit msg: Connection refused\n' +
        'sacctmgr: error: Problem talking to the database: Connection refused\n',
      exitCode: 1,
    });
    expect((await runBin('sacct', [...P], env)).exitCode).toBe(0);
    expect((await runBin('sacctmgr', [...MGR, 'list', 'account'], env)).exitCode).toBe(1);
    expect(await runBin('sacctmgr', [...MGR, 'show', 'account', 'root'], env)).toEqual({
      stdout: 'root|default root account|root\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('slurm-mock show prints the state as JSON; --help documents the commands', async () => {
    const show = await runBin('slurm-mock', ['show'], env);
    expect(show.exitCode).toBe(0);
    expect((JSON.parse(show.stdout) as { localCluster: string }).localCluster).toBe('alpha');
    const help = await runBin('slurm-mock', ['--help'], env);
    expect(help.exitCode).toBe(0);
    for (const word of ['reset', 'show', 'clock set', 'usage inject', 'job create', 'fail-next']) {
      expect(help.stdout).toContain(word);
    }
  });

  it('works with NODE_EXTRA_CA_CERTS pointing at a missing file (the launcher drops it)', async () => {
    expect(
      await runBin('sacctmgr', ['--version'], { ...env, NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') }),
    ).toEqual({
      stdout: 'slurm 23.11.10\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
