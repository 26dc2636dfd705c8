// Pause/downscale/restore via QoS and the project hierarchy sync of the SLURM backend, against a recording runner.
import { describe, expect, it } from 'vitest';
import { S, setupSlurmBackend as setup, spec } from '../testing/slurm-backend-setup.js';

describe('status via QoS (pause / downscale / restore) and metadata', () => {
  it('pause sets qos_paused when different; metadata reports it without a re-read', async () => {
    const { runner, backend } = setup();
    runner.on('format=account,qos', 'hpc_a|normal\n');
    expect(await backend.pauseResource('hpc_a')).toBe(true);
    expect(await backend.getResourceMetadata('hpc_a')).toEqual({ qos: 'paused' });
    expect(runner.calls).toEqual([
      S('list', 'associations', 'format=account,qos', 'where', 'account=hpc_a'),
      S('modify', 'account', 'hpc_a', 'set', 'qos=paused'),
    ]);
    // cache consumed: the next metadata call reads
    await backend.getResourceMetadata('hpc_a');
    expect(runner.calls).toHaveLength(3);
  });

  it('downscale already downscaled ⇒ no modify', async () => {
    const { runner, backend } = setup();
    runner.on('format=account,qos', 'hpc_a|slowdown\n');
    expect(await backend.downscaleResource('hpc_a')).toBe(true);
    expect(runner.lines.some((l) => l.includes('modify'))).toBe(false);
  });

  it('missing qos_paused ⇒ false, no commands', async () => {
    const { runner, backend } = setup({ qos_paused: null });
    expect(await backend.pauseResource('hpc_a')).toBe(false);
    expect(runner.calls).toEqual([]);
  });

  it('restore writes qos_default unless already on it (then false)', async () => {
    const { runner, backend } = setup({ qos_default: 'standard' });
    runner.on('format=account,qos', 'hpc_a|paused\n', 1);
    expect(await backend.restoreResource('hpc_a')).toBe(true);
    runner.on('format=account,qos', 'hpc_a|standard\n');
    expect(await backend.restoreResource('hpc_a')).toBe(false);
    expect(runner.lines.filter((l) => l.includes('modify'))).toEqual([
      S('modify', 'account', 'hpc_a', 'set', 'qos=standard').join(' '),
    ]);
  });

  it('restore with unknown current QoS still writes the default', async () => {
    const { runner, backend } = setup();
    expect(await backend.restoreResource('hpc_a')).toBe(true);
    expect(runner.calls.at(-1)).toEqual(S('modify', 'account', 'hpc_a', 'set', 'qos=normal'));
  });

  it('QoS enforcement / skip_qos_swap use GrpSubmitJobs instead of qos=', async () => {
    const { runner, backend } = setup({ qos_enforcement_enabled: true, enforce_offering_qos: true });
    await backend.pauseResource('hpc_a');
    await backend.downscaleResource('hpc_a');
    await backend.restoreResource('hpc_a');
    expect(runner.calls).toEqual([
      S('modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=0'),
      S('modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=0'),
      S('modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=-1'),
    ]);
    const swap = setup({
      qos_paused: null,
      qos_downscaled: null,
      qos_management: { enabled: true, skip_qos_swap: true },
    });
    await swap.backend.pauseResource('hpc_a');
    expect(swap.runner.calls).toEqual([S('modify', 'account', 'hpc_a', 'set', 'GrpSubmitJobs=0')]);
  });
});

describe('project hierarchy sync', () => {
  it('parent already correct ⇒ one read', async () => {
    const { runner, backend } = setup();
    runner.on('show assoc account=hpc_project-1', 'hpc_project-1|hpc_customer-1|\n');
    await backend.syncResourceProject(spec({ backendId: 'hpc_a' }));
    expect(runner.calls).toEqual([
      S('show', 'assoc', 'account=hpc_project-1', 'format=Account,ParentName,User', '-n', '-P'),
    ]);
  });

  it('moved project ⇒ ensure customer, reparent, verify, allocation checked', async () => {
    const { runner, backend } = setup();
    runner.on('show assoc account=hpc_project-1', 'hpc_project-1|hpc_customer-2|\n');
    runner.on('show assoc account=hpc_project-1', 'hpc_project-1|hpc_old|\n', 1);
    runner.on('show account hpc_project-1', 'hpc_project-1|P|hpc_project-1');
    runner.on('show assoc account=hpc_a', 'hpc_a|hpc_project-1|\n');
    await backend.syncResourceProject(
      spec({ backendId: 'hpc_a', customerSlug: 'customer-2', customerName: 'Two' }),
    );
    expect(runner.calls).toEqual([
      S('show', 'assoc', 'account=hpc_project-1', 'format=Account,ParentName,User', '-n', '-P'),
      S('show', 'account', 'hpc_customer-2'),
      S(
        'add',
        'account',
        'hpc_customer-2',
        'description="Two"',
        'organization="hpc_customer-2"',
        'parent="root"',
      ),
      S('show', 'account', 'hpc_project-1'),
      S('modify', 'account', 'where', 'name=hpc_project-1', 'set', 'parent=hpc_customer-2'),
      S('show', 'assoc', 'account=hpc_project-1', 'format=Account,ParentName,User', '-n', '-P'),
      S('show', 'assoc', 'account=hpc_a', 'format=Account,ParentName,User', '-n', '-P'),
    ]);
  });

  it('flat hierarchy ⇒ nothing', async () => {
    const { runner, backend } = setup({ parent_account: 'flat' });
    await backend.syncResourceProject(spec({ backendId: 'hpc_a' }));
    expect(runner.calls).toEqual([]);
  });
});
