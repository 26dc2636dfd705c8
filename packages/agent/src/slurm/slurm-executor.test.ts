// Executor behaviour: binary resolution, flag checks, exit codes, cluster filter, name refusal, transient errors.
import { describe, expect, it } from 'vitest';
import { BackendError, BackendUnavailableError } from '../backend/errors.js';
import { SACCTMGR, setupSlurmClient as setup } from '../testing/slurm-client-setup.js';

describe('SlurmClient binary resolution and flags', () => {
  it('slurm_bin_path prefixes SLURM binaries only (trailing slash tolerated)', async () => {
    const { runner, client } = setup({ binPath: '/opt/slurm/bin/' });
    await client.accounts.listResources();
    await client.jobs.cancelActiveUserJobs('a');
    await client.jobs.checkUserExists('u').catch(() => undefined);
    expect(runner.calls.map((c) => c[0])).toEqual([
      '/opt/slurm/bin/sacctmgr',
      '/opt/slurm/bin/scancel',
      'id',
    ]);
  });

  it('empty slurm_bin_path uses bare names (PATH lookup)', async () => {
    const { runner, client } = setup({ binPath: '' });
    await client.accounts.listResources();
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
    await client.accounts.listResources();
    await client.jobs.cancelActiveUserJobs('acct1');
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
    const err = await client.accounts.deleteResource('a').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toBe('error: Permission denied');
    expect((err as BackendError).code).toBe('ERR_BACKEND_COMMAND');
    expect((err as BackendError).exitCode).toBe(1);
    expect((err as BackendError).argv).toEqual([...SACCTMGR, 'remove', 'account', 'where', 'name=a']);
  });

  it('"Nothing modified" on a modify is success', async () => {
    const { runner, client } = setup();
    runner.on('modify', { stdout: '  Nothing modified\n', exitCode: 1 });
    await expect(client.accounts.setAccountParent('p', 'c')).resolves.toBe('');
    await expect(client.tresLimits.setResourceLimits('a', { cpu: 0 })).resolves.toBe('');
  });

  it('"Nothing modified" on a modify with a real error elsewhere still suppresses; non-modify still raises', async () => {
    const { runner, client } = setup();
    runner.on('list account', { stdout: 'Nothing modified', exitCode: 1 });
    await expect(client.accounts.listResources()).rejects.toBeInstanceOf(BackendError);
    runner.on('modify', { stderr: 'sacctmgr: error: some real error', exitCode: 1 });
    await expect(client.qos.setAccountQos('a', 'q')).rejects.toThrow('some real error');
  });
});

describe('SlurmClient cluster filter (cluster_name)', () => {
  it('sacctmgr: cluster= appended, or inserted before "set" on modify', async () => {
    const { runner, client } = setup({ cluster: 'mycluster' });
    await client.accounts.listResources();
    await client.accounts.getResource('a');
    await client.accounts.createResource('a', 'd', 'o', 'p');
    await client.accounts.deleteResource('a');
    await client.associations.createAssociation('u', 'a', 'root');
    await client.associations.deleteAssociation('u', 'a');
    await client.accounts.accountHasUsers('a');
    await client.tresLimits.setResourceLimits('a', { cpu: 1 });
    await client.accountSettings.setAccountFairshare('a', 5);
    await client.qos.setAccountQos('a', 'normal');
    await client.accounts.setAccountParent('p', 'c');
    await client.qos.addAccountQos('a', 'q');
    await client.accounts.getAccountParent('p');
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
    await client.tresLimits.listTres();
    await client.qos.qosExists('q');
    await client.qos.createQos({ name: 'q', flags: 'NoDecay', maxJobs: 1 });
    await client.qos.deleteQos('q');
    await client.accounts.listClusters();
    await client.validateSlurmBinary();
    expect(runner.lines.filter((l) => l.includes('cluster=mycluster'))).toEqual([]);
    expect(runner.calls).toHaveLength(7);
  });

  it('sacct and scancel: --cluster= prepended to the arguments', async () => {
    const { runner, client } = setup({ cluster: 'mycluster' });
    await client.jobs.getUsageReport(['a'], { start: 's', end: 'e' });
    await client.jobs.listActiveUserJobs('a', 'u');
    await client.jobs.cancelActiveUserJobs('a', 'u');
    await client.jobs.checkUserExists('u').catch(() => undefined);
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
      const err = await client.associations.createAssociation(name, 'hpc_a', 'root').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).code).toBe('ERR_BACKEND_INVALID_NAME');
      await expect(client.jobs.checkUserExists(name)).rejects.toMatchObject({
        code: 'ERR_BACKEND_INVALID_NAME',
      });
      await expect(client.accounts.getResource(name)).rejects.toMatchObject({
        code: 'ERR_BACKEND_INVALID_NAME',
      });
      expect(runner.calls).toEqual([]);
    },
  );

  it('ordinary names pass unchanged (dots, @, digits, non-ASCII letters)', async () => {
    const { runner, client } = setup();
    await client.associations.createAssociation('jane.doe@example.org', 'hpc_a', 'root');
    await client.associations.createAssociation('jürgen', 'hpc_a', null);
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
    await expect(client.accounts.getResource('hpc_a')).rejects.toBeInstanceOf(BackendUnavailableError);
    const permanent = await client.accounts.getResource('hpc_b').catch((e: unknown) => e);
    expect(permanent).toBeInstanceOf(BackendError);
    expect(permanent).not.toBeInstanceOf(BackendUnavailableError);
  });
});
