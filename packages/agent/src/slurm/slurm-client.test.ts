// Command-construction conformance: the exact argv of every SLURM operation in docs/slurm.md#slurm-commands.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BackendError, BackendUnavailableError } from '../backend/errors.js';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmClient, sanitizeSacctmgrValue } from './slurm-client.js';

const log = pino({ level: 'silent' });
const SACCTMGR = ['/usr/bin/sacctmgr', '--parsable2', '--noheader', '--immediate'];
const SACCTMGR_NO_IMMEDIATE = ['/usr/bin/sacctmgr', '--parsable2', '--noheader'];
const SACCT = ['/usr/bin/sacct', '--parsable2', '--noheader'];

function setup(opts: { cluster?: string; binPath?: string } = {}) {
  const runner = new RecordingCommandRunner();
  const client = new SlurmClient({
    runner,
    log,
    ...(opts.binPath === undefined ? {} : { slurmBinPath: opts.binPath }),
    clusterName: opts.cluster ?? null,
    components: ['cpu', 'mem', 'gres/gpu'],
  });
  return { runner, client };
}

describe('SlurmClient argv (docs/slurm.md#slurm-commands table)', () => {
  it('list accounts', async () => {
    const { runner, client } = setup();
    runner.on('list account', 'hpc_a|Alloc A|hpc_p\nnoise\nhpc_p|Project|hpc_p\n');
    const accounts = await client.listResources();
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'account']]);
    expect(accounts).toEqual([
      { name: 'hpc_a', description: 'Alloc A', organization: 'hpc_p' },
      { name: 'hpc_p', description: 'Project', organization: 'hpc_p' },
    ]);
  });

  it('get account: first line with "|" or null', async () => {
    const { runner, client } = setup();
    expect(await client.getResource('hpc_x')).toBeNull();
    runner.on('show account hpc_a', ' banner\nhpc_a|Alloc|hpc_p\n');
    expect(await client.getResource('hpc_a')).toEqual({
      name: 'hpc_a',
      description: 'Alloc',
      organization: 'hpc_p',
    });
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'account', 'hpc_x'],
      [...SACCTMGR, 'show', 'account', 'hpc_a'],
    ]);
  });

  it('create account: quoted values are single argv elements with literal quotes', async () => {
    const { runner, client } = setup();
    await client.createResource('hpc_p', 'My "Big"\nProject', 'hpc_p', 'hpc_c');
    await client.createResource('hpc_c', 'Customer', 'hpc_c');
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR,
        'add',
        'account',
        'hpc_p',
        'description="My Big Project"',
        'organization="hpc_p"',
        'parent="hpc_c"',
      ],
      [...SACCTMGR, 'add', 'account', 'hpc_c', 'description="Customer"', 'organization="hpc_c"'],
    ]);
  });

  it('sanitises descriptions: no double quotes, whitespace runs folded', () => {
    expect(sanitizeSacctmgrValue('a"b" c')).toBe('ab c');
    expect(sanitizeSacctmgrValue(' line1\r\n\tline2 ')).toBe('line1 line2');
  });

  it('delete account', async () => {
    const { runner, client } = setup();
    await client.deleteResource('hpc_a');
    expect(runner.calls).toEqual([[...SACCTMGR, 'remove', 'account', 'where', 'name=hpc_a']]);
  });

  it('set account limits: GrpTRESMins with keys sorted', async () => {
    const { runner, client } = setup();
    await client.setResourceLimits('hpc_a', { mem: 614400, cpu: 600000, 'gres/gpu': 120 });
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=cpu=600000,gres/gpu=120,mem=614400'],
    ]);
  });

  it('read account limits: no --immediate; first line with known limits', async () => {
    const { runner, client } = setup();
    runner.on('format=account,GrpTRESMins', 'hpc_a|\nhpc_a|cpu=600000,mem=600G,node=5\n');
    const limits = await client.getResourceLimits('hpc_a');
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR_NO_IMMEDIATE,
        'show',
        'association',
        'format=account,GrpTRESMins',
        'where',
        'accounts=hpc_a',
      ],
    ]);
    expect(limits).toEqual({ cpu: 600000, mem: 600 * 1024 });
  });

  it('per-user limits: read without --immediate, set one entry per list tres', async () => {
    const { runner, client } = setup();
    runner.on('format=Account,MaxTRESMins,User', 'hpc_a||\nhpc_a|cpu=10|alice\n');
    runner.on('list tres', 'cpu||1\nmem||2\ngres|gpu|1001\n');
    expect(await client.getResourceUserLimits('hpc_a')).toEqual({ alice: { cpu: 10 } });
    await client.setResourceUserLimits('hpc_a', 'alice', { cpu: 600 });
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR_NO_IMMEDIATE,
        'show',
        'association',
        'where',
        'accounts=hpc_a',
        'format=Account,MaxTRESMins,User',
      ],
      [...SACCTMGR, 'list', 'tres'],
      [
        ...SACCTMGR,
        'modify',
        'user',
        'alice',
        'where',
        'account=hpc_a',
        'set',
        'MaxTRESMins=cpu=600,mem=-1,gres/gpu=-1',
      ],
    ]);
  });

  it('account users: rows of this account with a user', async () => {
    const { runner, client } = setup();
    runner.on('format=account,user', 'hpc_a|\nhpc_a|alice\nhpc_a|bob\nother|carol\n');
    expect(await client.listResourceUsers('hpc_a')).toEqual(['alice', 'bob']);
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'list', 'associations', 'format=account,user', 'where', 'account=hpc_a'],
    ]);
  });

  it('has users', async () => {
    const { runner, client } = setup();
    runner.on('show association where account=hpc_a', 'c|hpc_a||\n');
    expect(await client.accountHasUsers('hpc_a')).toBe(false);
    runner.on('show association where account=hpc_b', 'c|hpc_b||\nc|hpc_b|alice|\n');
    expect(await client.accountHasUsers('hpc_b')).toBe(true);
    expect(runner.calls[0]).toEqual([...SACCTMGR, 'show', 'association', 'where', 'account=hpc_a']);
  });

  it('get association', async () => {
    const { runner, client } = setup();
    expect(await client.getAssociation('alice', 'hpc_a')).toBeNull();
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'association', 'where', 'user=alice', 'account=hpc_a'],
    ]);
  });

  it('add user: with and without DefaultAccount', async () => {
    const { runner, client } = setup();
    await client.createAssociation('alice', 'hpc_a', 'root');
    await client.createAssociation('bob', 'hpc_a', null);
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Share=parent'],
      [...SACCTMGR, 'add', 'user', 'bob', 'account=hpc_a', 'Share=parent'],
    ]);
  });

  it('add user with partitions (sorted) and with a single partition (no Share)', async () => {
    const { runner, client } = setup();
    await client.createAssociationWithPartitions('alice', 'hpc_a', ['gpu', 'cpu', 'bigmem'], 'root');
    await client.createAssociationWithPartition('bob', 'hpc_a', 'cpu', 'root');
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR,
        'add',
        'user',
        'alice',
        'account=hpc_a',
        'DefaultAccount=root',
        'Partitions=bigmem,cpu,gpu',
        'Share=parent',
      ],
      [...SACCTMGR, 'add', 'user', 'bob', 'account=hpc_a', 'DefaultAccount=root', 'Partition=cpu'],
    ]);
  });

  it('add user with QoS (enforcement), with and without partitions', async () => {
    const { runner, client } = setup();
    await client.createAssociationWithQos('alice', 'hpc_a', ['high'], 'high', ['gpu', 'cpu'], 'root');
    await client.createAssociationWithQos('bob', 'hpc_a', ['high'], 'high', null, null);
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR,
        'add',
        'user',
        'alice',
        'account=hpc_a',
        'DefaultAccount=root',
        'Partitions=cpu,gpu',
        'QosLevel=high',
        'DefaultQOS=high',
        'Share=parent',
      ],
      [
        ...SACCTMGR,
        'add',
        'user',
        'bob',
        'account=hpc_a',
        'QosLevel=high',
        'DefaultQOS=high',
        'Share=parent',
      ],
    ]);
  });

  it('remove user and remove all users', async () => {
    const { runner, client } = setup();
    await client.deleteAssociation('alice', 'hpc_a');
    await client.deleteAllUsersFromAccount('hpc_a');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'remove', 'user', 'where', 'name=alice', 'and', 'account=hpc_a'],
      [...SACCTMGR, 'remove', 'user', 'where', 'account=hpc_a'],
    ]);
  });

  it('current QoS, set QoS, GrpSubmitJobs lever', async () => {
    const { runner, client } = setup();
    runner.on('format=account,qos', 'other|x\nhpc_a|normal\nhpc_a|normal\n');
    expect(await client.getCurrentAccountQos('hpc_a')).toBe('normal');
    await client.setAccountQos('hpc_a', 'paused');
    await client.setAccountGrpSubmitJobs('hpc_a', 0);
    await client.setAccountGrpSubmitJobs('hpc_a', -1);
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
    expect(await client.getAccountParent('hpc_p')).toBe('hpc_c');
    await client.setAccountParent('hpc_p', 'hpc_c2');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'assoc', 'account=hpc_p', 'format=Account,ParentName,User', '-n', '-P'],
      [...SACCTMGR, 'modify', 'account', 'where', 'name=hpc_p', 'set', 'parent=hpc_c2'],
    ]);
  });

  it('QoS management commands', async () => {
    const { runner, client } = setup();
    runner.on('show qos hpc_a', 'hpc_a|0|\n');
    expect(await client.qosExists('hpc_a')).toBe(true);
    await client.createQos({
      name: 'hpc_a',
      flags: 'DenyOnLimit,NoDecay',
      grpTres: 'cpu=100',
      maxJobs: 5,
      maxSubmit: 10,
      maxWall: '1-00:00:00',
      minTresPerJob: 'gres/gpu=1',
    });
    await client.deleteQos('hpc_a');
    await client.addAccountQos('hpc_a', 'hpc_a');
    await client.setAccountDefaultQos('hpc_a', 'hpc_a');
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
    await client.createQos({ name: 'q1' });
    expect(runner.calls).toEqual([[...SACCTMGR, 'add', 'qos', 'q1']]);
  });

  it('periodic commands and reads', async () => {
    const { runner, client } = setup();
    runner.on('format=account,fairshare', 'hpc_a|500\n');
    runner.on('format=account,grptres,grptresmin', 'hpc_a|cpu=10|billing=72000,cpu=0100||gres/gpu=x\n');
    expect(await client.getAccountFairshare('hpc_a')).toBe(500);
    expect(await client.getAccountLimits('hpc_a')).toEqual({
      GrpTRES: { cpu: '10' },
      GrpTRESMins: { billing: '72000', cpu: '100' },
      MaxTRES: {},
      MaxTRESMins: { 'gres/gpu': 'x' },
    });
    await client.setAccountFairshare('hpc_a', 333);
    await client.setAccountLimits('hpc_a', 'GrpTRESMins', { billing: 1000, cpu: 5 });
    await client.resetRawUsage('hpc_a');
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
    expect(await client.listTres()).toEqual(['cpu', 'mem', 'energy', 'node', 'billing', 'gres/gpu']);
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'tres']]);
  });

  it('list clusters', async () => {
    const { runner, client } = setup();
    runner.on('list cluster', 'alpha|\nbeta|\n');
    expect(await client.listClusters()).toEqual(['alpha', 'beta']);
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'cluster', 'format=cluster']]);
  });

  it('usage report (sacct, no --immediate)', async () => {
    const { runner, client } = setup();
    runner.on('/usr/bin/sacct', 'hpc_a|cpu=2,mem=1G,node=1|01:00:00|alice\n');
    const lines = await client.getUsageReport(['hpc_a', 'hpc_b'], {
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
    expect(await client.listActiveUserJobs('hpc_a', 'alice')).toEqual(['12']);
    await client.cancelActiveUserJobs('hpc_a');
    await client.cancelActiveUserJobs('hpc_a', 'alice');
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
    expect(await client.checkUserExists('alice')).toBe(true);
    expect(await client.checkUserExists('ghost')).toBe(false);
    expect(runner.calls).toEqual([
      ['id', '-u', 'alice'],
      ['id', '-u', 'ghost'],
    ]);
  });

  it('user exists: other id failures propagate', async () => {
    const { runner, client } = setup();
    runner.on('id -u', { stderr: 'id: cannot talk to nss\n', exitCode: 2 });
    await expect(client.checkUserExists('x')).rejects.toBeInstanceOf(BackendError);
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
    await client.createLinuxUserHomedir('alice', '0077');
    expect(runner.calls).toEqual([['/sbin/mkhomedir_helper', 'alice', '0077']]);
  });
});

describe('SlurmClient binary resolution and flags', () => {
  it('slurm_bin_path prefixes SLURM binaries only (trailing slash tolerated)', async () => {
    const { runner, client } = setup({ binPath: '/opt/slurm/bin/' });
    await client.listResources();
    await client.cancelActiveUserJobs('a');
    await client.checkUserExists('u').catch(() => undefined);
    expect(runner.calls.map((c) => c[0])).toEqual([
      '/opt/slurm/bin/sacctmgr',
      '/opt/slurm/bin/scancel',
      'id',
    ]);
  });

  it('empty slurm_bin_path uses bare names (PATH lookup)', async () => {
    const { runner, client } = setup({ binPath: '' });
    await client.listResources();
    expect(runner.calls).toEqual([
      ['sacctmgr', '--parsable2', '--noheader', '--immediate', 'list', 'account'],
    ]);
  });

  it('rejects flags a command does not support', async () => {
    const { runner, client } = setup();
    await expect(client.execute(['--allusers'], { commandName: 'sacct' })).rejects.toThrow(
      '--immediate is not supported by sacct',
    );
    await expect(client.execute(['-A', 'a'], { commandName: 'scancel', immediate: false })).rejects.toThrow(
      '--parsable2/--noheader are not supported by scancel',
    );
    expect(runner.calls).toEqual([]);
  });

  it('records executed command lines', async () => {
    const { client } = setup();
    await client.listResources();
    await client.cancelActiveUserJobs('acct1');
    expect(client.executedCommands).toEqual([
      '/usr/bin/sacctmgr --parsable2 --noheader --immediate list account',
      '/usr/bin/scancel -A acct1 -f',
    ]);
    expect(client.fork().executedCommands).toEqual([]);
  });
});

describe('SlurmClient exit codes', () => {
  it('non-zero exit ⇒ BackendError with the output', async () => {
    const { runner, client } = setup();
    runner.on('remove account', { stdout: '', stderr: ' error: Permission denied\n', exitCode: 1 });
    const err = await client.deleteResource('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toBe('error: Permission denied');
    expect((err as BackendError).code).toBe('ERR_BACKEND_COMMAND');
    expect((err as BackendError).exitCode).toBe(1);
    expect((err as BackendError).argv).toEqual([...SACCTMGR, 'remove', 'account', 'where', 'name=a']);
  });

  it('"Nothing modified" on a modify is success', async () => {
    const { runner, client } = setup();
    runner.on('modify', { stdout: '  Nothing modified\n', exitCode: 1 });
    await expect(client.setAccountParent('p', 'c')).resolves.toBe('');
    await expect(client.setResourceLimits('a', { cpu: 0 })).resolves.toBe('');
  });

  it('"Nothing modified" on a modify with a real error elsewhere still suppresses; non-modify still raises', async () => {
    const { runner, client } = setup();
    runner.on('list account', { stdout: 'Nothing modified', exitCode: 1 });
    await expect(client.listResources()).rejects.toBeInstanceOf(BackendError);
    runner.on('modify', { stderr: 'sacctmgr: error: some real error', exitCode: 1 });
    await expect(client.setAccountQos('a', 'q')).rejects.toThrow('some real error');
  });
});

describe('SlurmClient cluster filter (cluster_name)', () => {
  it('sacctmgr: cluster= appended, or inserted before "set" on modify', async () => {
    const { runner, client } = setup({ cluster: 'mycluster' });
    await client.listResources();
    await client.getResource('a');
    await client.createResource('a', 'd', 'o', 'p');
    await client.deleteResource('a');
    await client.createAssociation('u', 'a', 'root');
    await client.deleteAssociation('u', 'a');
    await client.accountHasUsers('a');
    await client.setResourceLimits('a', { cpu: 1 });
    await client.setAccountFairshare('a', 5);
    await client.setAccountQos('a', 'normal');
    await client.setAccountParent('p', 'c');
    await client.addAccountQos('a', 'q');
    await client.getAccountParent('p');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'list', 'account', 'cluster=mycluster'],
      [...SACCTMGR, 'show', 'account', 'a', 'cluster=mycluster'],
      [
        ...SACCTMGR,
        'add',
        'account',
        'a',
        'description="d"',
        'organization="o"',
        'parent="p"',
        'cluster=mycluster',
      ],
      [...SACCTMGR, 'remove', 'account', 'where', 'name=a', 'cluster=mycluster'],
      [
        ...SACCTMGR,
        'add',
        'user',
        'u',
        'account=a',
        'DefaultAccount=root',
        'Share=parent',
        'cluster=mycluster',
      ],
      [...SACCTMGR, 'remove', 'user', 'where', 'name=u', 'and', 'account=a', 'cluster=mycluster'],
      [...SACCTMGR, 'show', 'association', 'where', 'account=a', 'cluster=mycluster'],
      [...SACCTMGR, 'modify', 'account', 'a', 'cluster=mycluster', 'set', 'GrpTRESMins=cpu=1'],
      [...SACCTMGR, 'modify', 'account', 'a', 'cluster=mycluster', 'set', 'fairshare=5'],
      [...SACCTMGR, 'modify', 'account', 'a', 'cluster=mycluster', 'set', 'qos=normal'],
      [...SACCTMGR, 'modify', 'account', 'where', 'name=p', 'cluster=mycluster', 'set', 'parent=c'],
      [...SACCTMGR, 'modify', 'account', 'cluster=mycluster', 'set', 'qos+=q', 'where', 'account=a'],
      [
        ...SACCTMGR,
        'show',
        'assoc',
        'account=p',
        'format=Account,ParentName,User',
        '-n',
        '-P',
        'cluster=mycluster',
      ],
    ]);
  });

  it('sacctmgr: qos, tres, cluster entities and --version are cluster-independent', async () => {
    const { runner, client } = setup({ cluster: 'mycluster' });
    await client.listTres();
    await client.qosExists('q');
    await client.createQos({ name: 'q', flags: 'NoDecay', maxJobs: 1 });
    await client.deleteQos('q');
    await client.listClusters();
    await client.validateSlurmBinary();
    expect(runner.lines.filter((l) => l.includes('cluster=mycluster'))).toEqual([]);
    expect(runner.calls).toHaveLength(7);
  });

  it('sacct and scancel: --cluster= prepended to the arguments', async () => {
    const { runner, client } = setup({ cluster: 'mycluster' });
    await client.getUsageReport(['a'], { start: 's', end: 'e' });
    await client.listActiveUserJobs('a', 'u');
    await client.cancelActiveUserJobs('a', 'u');
    await client.checkUserExists('u').catch(() => undefined);
    await client.getVersion();
    expect(runner.calls.slice(0, 4).map((c) => c.slice(0, 4))).toEqual([
      ['/usr/bin/sacct', '--parsable2', '--noheader', '--cluster=mycluster'],
      ['/usr/bin/sacct', '--parsable2', '--noheader', '--cluster=mycluster'],
      ['/usr/bin/scancel', '--cluster=mycluster', '-u', 'u'],
      ['id', '-u', 'u'],
    ]);
    expect(runner.calls[4]).toEqual(['/usr/bin/sinfo', '-V']);
  });
});

describe('SlurmClient refuses names that SLURM would read as options or syntax', () => {
  // Without slurmName() these names would reach sacctmgr/id as bare argv elements: "-h" is parsed as
  // --help (exit 0, nothing done) and "a,b" or "x=y" change what the command means.
  it.each(['-h', '--help', '-V', 'a b', 'a,b', 'x=y', 'a|b', "o'neil", 'a\nb', '$(id)', ''])(
    'add user %j: typed error, no command run',
    async (name) => {
      const { runner, client } = setup();
      const err = await client.createAssociation(name, 'hpc_a', 'root').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).code).toBe('ERR_BACKEND_INVALID_NAME');
      await expect(client.checkUserExists(name)).rejects.toMatchObject({ code: 'ERR_BACKEND_INVALID_NAME' });
      await expect(client.getResource(name)).rejects.toMatchObject({ code: 'ERR_BACKEND_INVALID_NAME' });
      expect(runner.calls).toEqual([]);
    },
  );

  it('ordinary names pass unchanged (dots, @, digits, non-ASCII letters)', async () => {
    const { runner, client } = setup();
    await client.createAssociation('jane.doe@example.org', 'hpc_a', 'root');
    await client.createAssociation('jürgen', 'hpc_a', null);
    expect(runner.calls).toEqual([
      [
        ...SACCTMGR,
        'add',
        'user',
        'jane.doe@example.org',
        'account=hpc_a',
        'DefaultAccount=root',
        'Share=parent',
      ],
      [...SACCTMGR, 'add', 'user', 'jürgen', 'account=hpc_a', 'Share=parent'],
    ]);
  });
});

describe('SlurmClient: an unreachable slurmdbd is a transient error', () => {
  it('"Problem talking to the database" / "Connection refused" ⇒ BackendUnavailableError; other failures stay permanent', async () => {
    const { runner, client } = setup();
    runner.on('show account hpc_a', {
      exitCode: 1,
      stdout: '',
      stderr: 'sacctmgr: error: Problem talking to the database: Connection refused\n',
    });
    runner.on('show account hpc_b', { exitCode: 1, stdout: '', stderr: ' Unknown option: foo\n' });
    await expect(client.getResource('hpc_a')).rejects.toBeInstanceOf(BackendUnavailableError);
    const permanent = await client.getResource('hpc_b').catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(BackendError);
    expect(permanent).not.toBeInstanceOf(BackendUnavailableError);
  });
});
