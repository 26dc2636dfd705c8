// The `slurm-mock` control command: state reset/show, the mock clock, usage injection for sacct,
// job creation for scancel (with the submit checks the pause lever relies on) and fault injection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, FIXED_NOW, type Harness, PARSABLE } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  h.mgr('add', 'account', 'proj');
  h.mgr('add', 'user', 'alice', 'account=proj');
});
afterEach(() => {
  h.cleanup();
});

describe('state', () => {
  it('path and show', () => {
    expect(h.run('slurm-mock', 'path').stdout).toBe(`${h.statePath}\n`);
    const state = JSON.parse(h.run('slurm-mock', 'show').stdout) as { accounts: { name: string }[] };
    expect(state.accounts.map((a) => a.name).sort()).toEqual(['proj', 'root']);
  });

  it('reset returns to the initial state (optionally another cluster)', () => {
    expect(h.run('slurm-mock', 'reset', '--cluster', 'Beta')).toMatchObject({
      stdout: `slurm-mock state reset (cluster beta): ${h.statePath}\n`,
      exitCode: 0,
    });
    expect(h.mgr('list', 'assoc', 'format=cluster,account,user').stdout).toBe('beta|root|\nbeta|root|root\n');
    expect(h.mgr('list', 'qos', 'format=name').stdout).toBe('normal\npaused\ndownscaled\n');
  });
});

describe('clock', () => {
  it('follows the (injected) real clock until pinned; set/advance/real', () => {
    expect(h.run('slurm-mock', 'clock', 'show').stdout).toBe(`${FIXED_NOW.toISOString()} (real)\n`);
    expect(h.run('slurm-mock', 'clock', 'set', '2026-01-31T10:00:00Z').stdout).toBe(
      '2026-01-31T10:00:00.000Z\n',
    );
    expect(h.run('slurm-mock', 'clock', 'advance', '1d2h').stdout).toBe('2026-02-01T12:00:00.000Z\n');
    expect(h.run('slurm-mock', 'clock', 'advance', '1mo').stdout).toBe('2026-03-01T12:00:00.000Z\n');
    expect(h.run('slurm-mock', 'clock', 'show').stdout).toBe('2026-03-01T12:00:00.000Z (fixed)\n');
    expect(h.run('slurm-mock', 'clock', 'real').exitCode).toBe(0);
    expect(h.run('slurm-mock', 'clock', 'show').stdout).toBe(`${FIXED_NOW.toISOString()} (real)\n`);
  });

  it('sacct windows and running-job elapsed time follow the mock clock', () => {
    h.run('slurm-mock', 'clock', 'set', '2026-05-10T08:00:00Z');
    h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice');
    h.run('slurm-mock', 'clock', 'advance', '26h');
    expect(
      h.run('sacct', ...PARSABLE, '-X', '-a', '-S', '2026-05-01', '--format=JobID,Elapsed,Start,End').stdout,
    ).toBe('1|1-02:00:00|2026-05-10T08:00:00|Unknown\n');
  });
});

describe('usage inject', () => {
  it('defaults to a job that just ended; --at sets the start; --nodes spreads the node-hours', () => {
    expect(
      h.run('slurm-mock', 'usage', 'inject', '--account', 'proj', '--user', 'alice', '--node-hours', '1.5')
        .stdout,
    ).toBe('Injected job 1\n');
    h.run(
      'slurm-mock',
      'usage',
      'inject',
      '--account',
      'proj',
      '--user',
      'alice',
      '--node-hours',
      '4',
      '--nodes',
      '2',
      '--at',
      '2026-11-15T01:00:00',
    );
    expect(
      h.run(
        'sacct',
        ...PARSABLE,
        '-X',
        '-a',
        '--format=JobID,Start,End,Elapsed,NNodes,NodeList,ReqTRES,State',
      ).stdout,
    ).toBe(
      '1|2026-11-15T10:30:00|2026-11-15T12:00:00|01:30:00|1|node001|cpu=64,mem=512G,node=1,billing=64,gres/gpu=4|COMPLETED\n' +
        '2|2026-11-15T01:00:00|2026-11-15T03:00:00|02:00:00|2|node[001-002]|cpu=128,mem=1T,node=2,billing=128,gres/gpu=8|COMPLETED\n',
    );
  });

  it('refuses missing or bad arguments', () => {
    expect(h.run('slurm-mock', 'usage', 'inject', '--account', 'proj')).toMatchObject({
      stderr: 'slurm-mock: error: usage inject needs --account, --user and --node-hours\n',
      exitCode: 1,
    });
    expect(
      h.run('slurm-mock', 'usage', 'inject', '--account', 'proj', '--user', 'a', '--node-hours', '-2')
        .exitCode,
    ).toBe(1);
    expect(h.run('slurm-mock', 'usage', 'inject', '--bogus', 'x')).toMatchObject({ exitCode: 1 });
  });
});

describe('job create', () => {
  it('submits a running or pending job', () => {
    expect(h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice').stdout).toBe(
      'Submitted batch job 1\n',
    );
    h.run(
      'slurm-mock',
      'job',
      'create',
      '--account',
      'PROJ',
      '--user',
      'Alice',
      '--state',
      'PENDING',
      '--name',
      'sim',
    );
    expect(
      h.run('sacct', ...PARSABLE, '-X', '-a', '--format=JobID,JobName,State,NodeList,AllocCPUS').stdout,
    ).toBe('1|job|RUNNING|node001|64\n2|sim|PENDING|None assigned|0\n');
  });

  it('honours the pause lever (GrpSubmitJobs=0) and MaxSubmitJobs', () => {
    h.mgr('modify', 'account', 'proj', 'set', 'GrpSubmitJobs=0');
    expect(h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice')).toMatchObject({
      stderr:
        "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n",
      exitCode: 1,
    });
    h.mgr('modify', 'account', 'proj', 'set', 'GrpSubmitJobs=-1', 'MaxSubmitJobs=1');
    expect(h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice').exitCode).toBe(0);
    expect(h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice').exitCode).toBe(1);
  });

  it('uses the association default QOS and refuses a QOS it may not use', () => {
    h.mgr('add', 'qos', 'gold');
    expect(
      h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice', '--qos', 'gold'),
    ).toMatchObject({
      stderr: 'sbatch: error: Batch job submission failed: Invalid qos specification\n',
      exitCode: 1,
    });
    h.mgr('modify', 'account', 'proj', 'set', 'qos+=gold');
    h.mgr('modify', 'account', 'proj', 'set', 'defaultqos=gold');
    h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice');
    expect(h.run('sacct', ...PARSABLE, '-X', '-a', '--format=JobID,QOS').stdout).toBe('1|gold\n');
  });
});

describe('fail-next', () => {
  it('fails N invocations of the chosen tool with its exit code and message, then recovers', () => {
    h.run(
      'slurm-mock',
      'fail-next',
      '1',
      '--command',
      'sacct',
      '--exit-code',
      '3',
      '--message',
      'sacct: error: boom',
    );
    expect(h.run('sacctmgr', '-nP', 'show', 'account', 'proj').exitCode).toBe(0);
    expect(h.run('sacct', '--version').exitCode).toBe(0);
    expect(h.run('sacct', ...PARSABLE)).toMatchObject({
      stdout: '',
      stderr: 'sacct: error: boom\n',
      exitCode: 3,
    });
    expect(h.run('sacct', ...PARSABLE).exitCode).toBe(0);
  });

  it('without --command any SLURM tool fails; clear disarms', () => {
    h.run('slurm-mock', 'fail-next', '5');
    expect(h.run('sinfo')).toMatchObject({
      stderr: 'slurm_load_partitions: Unable to contact slurm controller (connect failure)\n',
      exitCode: 1,
    });
    expect(h.run('scancel', '-A', 'proj').exitCode).toBe(1);
    h.run('slurm-mock', 'fail-next', 'clear');
    expect(h.run('sinfo').exitCode).toBe(0);
    expect(h.run('slurm-mock', 'fail-next', '0').exitCode).toBe(1);
  });
});

describe('sinfo and sshare', () => {
  it('sinfo shows allocated nodes while jobs run', () => {
    h.run('slurm-mock', 'job', 'create', '--account', 'proj', '--user', 'alice', '--nodes', '2');
    expect(h.run('sinfo').stdout).toBe(
      'PARTITION AVAIL  TIMELIMIT  NODES  STATE NODELIST\n' +
        'compute*     up   infinite      2  alloc node[001-002]\n' +
        'compute*     up   infinite      2   idle node[003-004]\n',
    );
  });

  it('sshare reports raw usage since the last RawUsage=0', () => {
    h.run('slurm-mock', 'usage', 'inject', '--account', 'proj', '--user', 'alice', '--node-hours', '1');
    expect(h.run('sshare', '-P', '-n', '-a', '-A', 'proj').stdout).toBe(
      ' proj||1|0.500000|230400|1.000000|\n  proj|alice|1|1.000000|230400|1.000000|0.500000\n',
    );
    h.mgr('modify', 'account', 'proj', 'cluster=linux', 'set', 'RawUsage=0');
    expect(h.run('sshare', '-P', '-n', '-a', '-A', 'proj').stdout).toBe(
      ' proj||1|0.500000|0|0.000000|\n  proj|alice|1|1.000000|0|0.000000|1.000000\n',
    );
  });
});

it('--help lists every command', () => {
  const r = h.run('slurm-mock', '--help');
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain('usage inject --account A --user U --node-hours N');
});
