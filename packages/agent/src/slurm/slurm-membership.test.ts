// Add/remove user sequences of the SLURM backend (docs/slurm.md#lifecycle-sequences) against a recording runner.
import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/errors.js';
import { S, setupSlurmBackend as setup } from '../testing/slurm-backend-setup.js';

describe('add user (DefaultAccount policy, partitions, QoS)', () => {
  it('common: DefaultAccount=default_account; existing association ⇒ no add', async () => {
    const { runner, backend } = setup();
    expect(await backend.addUser('hpc_a', 'alice')).toBe(true);
    runner.on('user=bob', 'c|hpc_a|bob|');
    expect(await backend.addUser('hpc_a', 'bob')).toBe(true);
    expect(runner.calls).toEqual([
      S('show', 'association', 'where', 'user=alice', 'account=hpc_a'),
      S('add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Share=parent'),
      S('show', 'association', 'where', 'user=bob', 'account=hpc_a'),
    ]);
  });

  it('individual and none policies', async () => {
    const a = setup({ default_account_policy: 'individual' });
    await a.backend.addUser('hpc_a', 'alice');
    expect(a.runner.calls[1]).toEqual(
      S('add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=hpc_a', 'Share=parent'),
    );
    const b = setup({ default_account_policy: 'none' });
    await b.backend.addUser('hpc_a', 'alice');
    expect(b.runner.calls[1]).toEqual(S('add', 'user', 'alice', 'account=hpc_a', 'Share=parent'));
  });

  it('blank username ⇒ false without commands; empty backend id ⇒ error', async () => {
    const { runner, backend } = setup();
    expect(await backend.addUser('hpc_a', '')).toBe(false);
    await expect(backend.addUser(' ', 'alice')).rejects.toBeInstanceOf(BackendError);
    expect(runner.calls).toEqual([]);
  });

  it('failed add ⇒ false', async () => {
    const { runner, backend } = setup();
    runner.on('add user', { stderr: ' error: nope', exitCode: 1 });
    expect(await backend.addUser('hpc_a', 'alice')).toBe(false);
  });

  it('offering partitions only when enforce_offering_partitions; else default_partition', async () => {
    const off = setup({ default_partition: 'batch' });
    off.backend.configureOffering({ partitions: ['gpu', 'cpu'] });
    await off.backend.addUser('hpc_a', 'alice');
    expect(off.runner.calls[1]).toEqual(
      S('add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Partition=batch'),
    );
    const on = setup({ enforce_offering_partitions: true });
    on.backend.configureOffering({ partitions: ['gpu', 'cpu'] });
    await on.backend.addUser('hpc_a', 'alice');
    expect(on.runner.calls[1]).toEqual(
      S('add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Partitions=cpu,gpu', 'Share=parent'),
    );
  });

  it('QoS enforcement: opt-in locally, then enforce_offering_qos or plugin_options.enforce_qos', async () => {
    const notOptedIn = setup({ enforce_offering_qos: true });
    await notOptedIn.backend.addUser('hpc_a', 'alice', { qos: 'high' });
    expect(notOptedIn.runner.calls[1]).toEqual(
      S('add', 'user', 'alice', 'account=hpc_a', 'DefaultAccount=root', 'Share=parent'),
    );

    const viaPlugin = setup({ qos_enforcement_enabled: true, default_partition: 'batch' });
    viaPlugin.backend.configureOffering({ pluginOptions: { enforce_qos: true } });
    await viaPlugin.backend.addUser('hpc_a', 'alice', { qos: 'high' });
    await viaPlugin.backend.addUser('hpc_a', 'bob', { qos: 'high', partition: 'gpu' });
    expect(viaPlugin.runner.calls[1]).toEqual(
      S(
        'add',
        'user',
        'alice',
        'account=hpc_a',
        'DefaultAccount=root',
        'Partitions=batch',
        'QosLevel=high',
        'DefaultQOS=high',
        'Share=parent',
      ),
    );
    expect(viaPlugin.runner.calls[3]).toEqual(
      S(
        'add',
        'user',
        'bob',
        'account=hpc_a',
        'DefaultAccount=root',
        'Partitions=gpu',
        'QosLevel=high',
        'DefaultQOS=high',
        'Share=parent',
      ),
    );

    const overrideOff = setup({ qos_enforcement_enabled: true, enforce_offering_qos: false });
    overrideOff.backend.configureOffering({ pluginOptions: { enforce_qos: true } });
    await overrideOff.backend.addUser('hpc_a', 'alice', { qos: 'high' });
    expect(overrideOff.runner.calls[1]).not.toContain('QosLevel=high');
  });
});

describe('remove user', () => {
  it('association present: id -u, sacct jobs, scancel when jobs, remove user', async () => {
    const { runner, backend } = setup();
    runner.on('user=alice', 'c|hpc_a|alice|');
    runner.on('id -u alice', '1001\n');
    runner.on('--format=JobID', '7|j|cpu|hpc_a|alice|RUNNING|1:00|UNLIMITED|n1\n');
    expect(await backend.removeUser('hpc_a', 'alice')).toBe(true);
    expect(runner.calls).toEqual([
      S('show', 'association', 'where', 'user=alice', 'account=hpc_a'),
      ['id', '-u', 'alice'],
      [
        '/usr/bin/sacct',
        '--parsable2',
        '--noheader',
        '-a',
        '--account=hpc_a',
        '--user=alice',
        '--format=JobID,JobName,Partition,Account,User,State,Elapsed,Timelimit,NodeList',
      ],
      ['/usr/bin/scancel', '-u', 'alice', '-A', 'hpc_a', '-f'],
      S('remove', 'user', 'where', 'name=alice', 'and', 'account=hpc_a'),
    ]);
  });

  it('unknown Unix user: no job handling; no association: nothing removed', async () => {
    const { runner, backend } = setup();
    runner.on('user=alice', 'c|hpc_a|alice|');
    runner.on('id -u', { stderr: "id: 'alice': no such user", exitCode: 1 });
    await backend.removeUser('hpc_a', 'alice');
    await backend.removeUser('hpc_a', 'bob');
    expect(
      runner.lines.map((l) => l.replace('/usr/bin/sacctmgr --parsable2 --noheader --immediate ', '')),
    ).toEqual([
      'show association where user=alice account=hpc_a',
      'id -u alice',
      'remove user where name=alice and account=hpc_a',
      'show association where user=bob account=hpc_a',
    ]);
  });

  it('failed removal throws', async () => {
    const { runner, backend } = setup();
    runner.on('user=alice', 'c|hpc_a|alice|');
    runner.on('id -u', '1001');
    runner.on('remove user', { stderr: ' error: locked', exitCode: 1 });
    await expect(backend.removeUser('hpc_a', 'alice')).rejects.toThrow('locked');
  });
});
