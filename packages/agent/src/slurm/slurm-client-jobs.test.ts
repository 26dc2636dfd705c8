// Argv of the QoS, hierarchy, periodic-limit, job and usage commands (docs/slurm.md#slurm-commands table).
import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/errors.js';
import { SACCT, SACCTMGR, setupSlurmClient as setup } from '../testing/slurm-client-setup.js';

describe('SlurmClient argv: QoS, hierarchy, jobs, usage (docs/slurm.md#slurm-commands table)', () => {
  it('current QoS, set QoS, GrpSubmitJobs lever', async () => {
    const { runner, client } = setup();
    runner.on('format=account,qos', 'other|x\nhpc_a|normal\nhpc_a|normal\n');
    expect(await client.qos.getCurrentAccountQos('hpc_a')).toBe('normal');
    await client.qos.setAccountQos('hpc_a', 'paused');
    await client.qos.setAccountGrpSubmitJobs('hpc_a', 0);
    await client.qos.setAccountGrpSubmitJobs('hpc_a', -1);
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'list', 'associations', 'format=account,qos', 'where', 'account=hpc_a'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'qos=paused'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=0'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=-1'],
    ]);
  });

  it('parent lookup (case-insensitive, account-level row) and reparent', async () => {
    const { runner, client } = setup();
    runner.on('show assoc', 'HPC_P|hpc_c|\nhpc_p|hpc_c|alice\n');
    expect(await client.accounts.getAccountParent('hpc_p')).toBe('hpc_c');
    await client.accounts.setAccountParent('hpc_p', 'hpc_c2');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'assoc', 'account=hpc_p', 'format=Account,ParentName,User', '-n', '-P'],
      [...SACCTMGR, 'modify', 'account', 'where', 'name=hpc_p', 'set', 'parent=hpc_c2'],
    ]);
  });

  it('QoS management commands', async () => {
    const { runner, client } = setup();
    runner.on('show qos hpc_a', 'hpc_a|0|\n');
    expect(await client.qos.qosExists('hpc_a')).toBe(true);
    await client.qos.createQos({
      name: 'hpc_a',
      flags: 'DenyOnLimit,NoDecay',
      grpTres: 'cpu=100',
      maxJobs: 5,
      maxSubmit: 10,
      maxWall: '1-00:00:00',
      minTresPerJob: 'gres/gpu=1',
    });
    await client.qos.deleteQos('hpc_a');
    await client.qos.addAccountQos('hpc_a', 'hpc_a');
    await client.qos.setAccountDefaultQos('hpc_a', 'hpc_a');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'qos', 'hpc_a'],
      [...SACCTMGR, 'add', 'qos', 'hpc_a', 'set', 'flags=DenyOnLimit,NoDecay'],
      [...SACCTMGR, 'modify', 'qos', 'hpc_a', 'set', 'GrpTRES=cpu=100'],
      [...SACCTMGR, 'modify', 'qos', 'hpc_a', 'set', 'MaxJobs=5'],
      [...SACCTMGR, 'modify', 'qos', 'hpc_a', 'set', 'MaxSubmit=10'],
      [...SACCTMGR, 'modify', 'qos', 'hpc_a', 'set', 'MaxWall=1-00:00:00'],
      [...SACCTMGR, 'modify', 'qos', 'hpc_a', 'set', 'MinTRESPerJob=gres/gpu=1'],
      [...SACCTMGR, 'remove', 'qos', 'where', 'name=hpc_a'],
      [...SACCTMGR, 'modify', 'account', 'set', 'qos+=hpc_a', 'where', 'account=hpc_a'],
      [...SACCTMGR, 'modify', 'account', 'set', 'defaultqos=hpc_a', 'where', 'account=hpc_a'],
    ]);
  });

  it('add qos without flags has no set clause', async () => {
    const { runner, client } = setup();
    await client.qos.createQos({ name: 'q1' });
    expect(runner.calls).toEqual([[...SACCTMGR, 'add', 'qos', 'q1']]);
  });

  it('periodic commands and reads', async () => {
    const { runner, client } = setup();
    runner.on('format=account,fairshare', 'hpc_a|500\n');
    runner.on('format=account,grptres,grptresmin', 'hpc_a|cpu=10|billing=72000,cpu=0100||gres/gpu=x\n');
    expect(await client.accountSettings.getAccountFairshare('hpc_a')).toBe(500);
    expect(await client.accountSettings.getAccountLimits('hpc_a')).toEqual({
      GrpTRES: { cpu: '10' },
      GrpTRESMins: { billing: '72000', cpu: '100' },
      MaxTRES: {},
      MaxTRESMins: { 'gres/gpu': 'x' },
    });
    await client.accountSettings.setAccountFairshare('hpc_a', 333);
    await client.accountSettings.setAccountLimits('hpc_a', 'GrpTRESMins', { billing: 1000, cpu: 5 });
    await client.accountSettings.resetRawUsage('hpc_a');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'list', 'account', 'format=account,fairshare', 'where', 'account=hpc_a'],
      [
        ...SACCTMGR,
        'list',
        'account',
        'format=account,grptres,grptresmin,maxtres,maxtresmin',
        'where',
        'account=hpc_a',
      ],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'fairshare=333'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=billing=1000'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=cpu=5'],
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'RawUsage=0'],
    ]);
  });

  it('list tres → type or type/name', async () => {
    const { runner, client } = setup();
    runner.on('list tres', 'cpu||1\nmem||2\nenergy||3\nnode||4\nbilling||5\ngres|gpu|1001\n');
    expect(await client.tresLimits.listTres()).toEqual([
      'cpu',
      'mem',
      'energy',
      'node',
      'billing',
      'gres/gpu',
    ]);
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'tres']]);
  });

  it('list clusters', async () => {
    const { runner, client } = setup();
    runner.on('list cluster', 'alpha|\nbeta|\n');
    expect(await client.accounts.listClusters()).toEqual(['alpha', 'beta']);
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'cluster', 'format=cluster']]);
  });

  it('usage report (sacct, no --immediate)', async () => {
    const { runner, client } = setup();
    runner.on('/usr/bin/sacct', 'hpc_a|cpu=2,mem=1G,node=1|01:00:00|alice\n');
    const lines = await client.jobs.getUsageReport(['hpc_a', 'hpc_b'], {
      start: '2025-02-01T00:00:00',
      end: '2025-02-28T23:59:59',
    });
    expect(runner.calls).toEqual([
      [
        ...SACCT,
        '--noconvert',
        '--truncate',
        '--allocations',
        '--allusers',
        '--starttime=2025-02-01T00:00:00',
        '--endtime=2025-02-28T23:59:59',
        '--accounts=hpc_a,hpc_b',
        '--format=Account,ReqTRES,Elapsed,User',
      ],
    ]);
    expect(lines).toEqual([
      { account: 'hpc_a', user: 'alice', durationMinutes: 60, tresUsage: { cpu: 120, mem: 1024 * 60 } },
    ]);
  });

  it('active jobs (sacct) and cancel jobs (scancel, no flags)', async () => {
    const { runner, client } = setup();
    runner.on('--format=JobID', '12|job|cpu|hpc_a|alice|RUNNING|00:01:00|UNLIMITED|n1\n');
    expect(await client.jobs.listActiveUserJobs('hpc_a', 'alice')).toEqual(['12']);
    await client.jobs.cancelActiveUserJobs('hpc_a');
    await client.jobs.cancelActiveUserJobs('hpc_a', 'alice');
    expect(runner.calls).toEqual([
      [
        ...SACCT,
        '-a',
        '--account=hpc_a',
        '--user=alice',
        '--format=JobID,JobName,Partition,Account,User,State,Elapsed,Timelimit,NodeList',
      ],
      ['/usr/bin/scancel', '-A', 'hpc_a', '-f'],
      ['/usr/bin/scancel', '-u', 'alice', '-A', 'hpc_a', '-f'],
    ]);
  });

  it('user exists: `id -u` is not resolved under slurm_bin_path', async () => {
    const { runner, client } = setup();
    runner.on('id -u alice', '1000\n');
    runner.on('id -u ghost', { stderr: "id: 'ghost': no such user\n", exitCode: 1 });
    expect(await client.jobs.checkUserExists('alice')).toBe(true);
    expect(await client.jobs.checkUserExists('ghost')).toBe(false);
    expect(runner.calls).toEqual([
      ['id', '-u', 'alice'],
      ['id', '-u', 'ghost'],
    ]);
  });

  it('user exists: other id failures propagate', async () => {
    const { runner, client } = setup();
    runner.on('id -u', { stderr: 'id: cannot talk to nss\n', exitCode: 2 });
    await expect(client.jobs.checkUserExists('x')).rejects.toBeInstanceOf(BackendError);
  });

  it('version and real-binary check', async () => {
    const { runner, client } = setup();
    runner.on('sinfo -V', 'slurm 23.11.4\n');
    runner.on('sacctmgr --version', 'slurm 23.11.4\n');
    expect(await client.getVersion()).toBe('slurm 23.11.4');
    expect(await client.validateSlurmBinary()).toBe(true);
    expect(runner.calls).toEqual([
      ['/usr/bin/sinfo', '-V'],
      ['/usr/bin/sacctmgr', '--version'],
    ]);
    runner.on('sacctmgr --version', { stderr: ' error: Unknown command: --version', exitCode: 1 });
    expect(await client.validateSlurmBinary()).toBe(false);
  });

  it('home dir helper', async () => {
    const { runner, client } = setup();
    await client.jobs.createLinuxUserHomedir('alice', '0077');
    expect(runner.calls).toEqual([['/sbin/mkhomedir_helper', 'alice', '0077']]);
  });
});
