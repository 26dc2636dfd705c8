// Argv of the account, limit and association commands (docs/slurm.md#slurm-commands table).
import { describe, expect, it } from 'vitest';
import { sanitizeSacctmgrValue } from './slurm-client.js';
import { SACCTMGR, SACCTMGR_NO_IMMEDIATE, setupSlurmClient as setup } from '../testing/slurm-client-setup.js';

describe('SlurmClient argv: accounts, limits, associations (docs/slurm.md#slurm-commands table)', () => {
  it('list accounts', async () => {
    const { runner, client } = setup();
    runner.on('list account', 'hpc_a|Alloc A|hpc_p\nnoise\nhpc_p|Project|hpc_p\n');
    const accounts = await client.accounts.listResources();
    expect(runner.calls).toEqual([[...SACCTMGR, 'list', 'account']]);
    expect(accounts).toEqual([
      { name: 'hpc_a', description: 'Alloc A', organization: 'hpc_p' },
      { name: 'hpc_p', description: 'Project', organization: 'hpc_p' },
    ]);
  });

  it('get account: first line with "|" or null', async () => {
    const { runner, client } = setup();
    expect(await client.accounts.getResource('hpc_x')).toBeNull();
    runner.on('show account hpc_a', ' banner\nhpc_a|Alloc|hpc_p\n');
    expect(await client.accounts.getResource('hpc_a')).toEqual({
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
    await client.accounts.createResource('hpc_p', 'My "Big"\nProject', 'hpc_p', 'hpc_c');
    await client.accounts.createResource('hpc_c', 'Customer', 'hpc_c');
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
    await client.accounts.deleteResource('hpc_a');
    expect(runner.calls).toEqual([[...SACCTMGR, 'remove', 'account', 'where', 'name=hpc_a']]);
  });

  it('set account limits: GrpTRESMins with keys sorted', async () => {
    const { runner, client } = setup();
    await client.tresLimits.setResourceLimits('hpc_a', { mem: 614400, cpu: 600000, 'gres/gpu': 120 });
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=cpu=600000,gres/gpu=120,mem=614400'],
    ]);
  });

  it('read account limits: no --immediate; first line with known limits', async () => {
    const { runner, client } = setup();
    runner.on('format=account,GrpTRESMins', 'hpc_a|\nhpc_a|cpu=600000,mem=600G,node=5\n');
    const limits = await client.tresLimits.getResourceLimits('hpc_a');
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
    expect(await client.tresLimits.getResourceUserLimits('hpc_a')).toEqual({ alice: { cpu: 10 } });
    await client.tresLimits.setResourceUserLimits('hpc_a', 'alice', { cpu: 600 });
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
    expect(await client.associations.listResourceUsers('hpc_a')).toEqual(['alice', 'bob']);
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'list', 'associations', 'format=account,user', 'where', 'account=hpc_a'],
    ]);
  });

  it('has users', async () => {
    const { runner, client } = setup();
    runner.on('show association where account=hpc_a', 'c|hpc_a||\n');
    expect(await client.accounts.accountHasUsers('hpc_a')).toBe(false);
    runner.on('show association where account=hpc_b', 'c|hpc_b||\nc|hpc_b|alice|\n');
    expect(await client.accounts.accountHasUsers('hpc_b')).toBe(true);
    expect(runner.calls[0]).toEqual([...SACCTMGR, 'show', 'association', 'where', 'account=hpc_a']);
  });

  it('get association', async () => {
    const { runner, client } = setup();
    expect(await client.associations.getAssociation('alice', 'hpc_a')).toBeNull();
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'show', 'association', 'where', 'user=alice', 'account=hpc_a'],
    ]);
  });

  it('add user: with and without DefaultAccount', async () => {
    const { runner, client } = setup();
    await client.associations.createAssociation('alice', 'hpc_a', 'root');
    await client.associations.createAssociation('bob', 'hpc_a', null);
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Share=parent'],
      [...SACCTMGR, 'add', 'user', 'bob', 'account=hpc_a', 'Share=parent'],
    ]);
  });

  it('add user with partitions (sorted) and with a single partition (no Share)', async () => {
    const { runner, client } = setup();
    await client.associations.createAssociationWithPartitions(
      'alice',
      'hpc_a',
      ['gpu', 'cpu', 'bigmem'],
      'root',
    );
    await client.associations.createAssociationWithPartition('bob', 'hpc_a', 'cpu', 'root');
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
    await client.associations.createAssociationWithQos(
      'alice',
      'hpc_a',
      ['high'],
      'high',
      ['gpu', 'cpu'],
      'root',
    );
    await client.associations.createAssociationWithQos('bob', 'hpc_a', ['high'], 'high', null, null);
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
    await client.associations.deleteAssociation('alice', 'hpc_a');
    await client.accounts.deleteAllUsersFromAccount('hpc_a');
    expect(runner.calls).toEqual([
      [...SACCTMGR, 'remove', 'user', 'where', 'name=alice', 'and', 'account=hpc_a'],
      [...SACCTMGR, 'remove', 'user', 'where', 'account=hpc_a'],
    ]);
  });
});
