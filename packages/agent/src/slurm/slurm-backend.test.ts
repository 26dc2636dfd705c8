// SLURM backend construction, reading (limits, pull with usage) and health against a recording runner.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../backend/create-backend.js';
import { BackendError } from '../backend/errors.js';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from './slurm-backend.js';
import {
  BASE_SETTINGS,
  COMPONENTS,
  S,
  SN,
  log,
  setupSlurmBackend as setup,
} from '../testing/slurm-backend-setup.js';

describe('createBackend', () => {
  it('builds SLURM for "SLURM" and rejects unknown types and bad settings', () => {
    expect(createBackend('SLURM', BASE_SETTINGS, COMPONENTS, { log }).backendType).toBe('slurm');
    expect(() => createBackend('moab', {}, {}, { log })).toThrow(BackendError);
    expect(() => createBackend('slurm', { customer_prefix: 'x' }, {}, { log })).toThrow(/default_account/);
    expect(() =>
      createBackend('slurm', { ...BASE_SETTINGS, default_account_policy: 'bogus' }, {}, { log }),
    ).toThrow(/default_account_policy/);
    expect(() => createBackend('slurm', BASE_SETTINGS, { cpu: { unit_factor: 1 } }, { log })).toThrow(
      /cpu\.accounting_type/,
    );
  });
});

describe('limits', () => {
  it('update converts Waldur units and sorts keys', async () => {
    const { runner, backend } = setup();
    await backend.setResourceLimits('hpc_a', { mem: 2, cpu: 1.5 });
    expect(runner.calls).toEqual([
      S('modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=cpu=90000,mem=122880'),
    ]);
  });

  it('reads GrpTRESMins back in Waldur units', async () => {
    const { runner, backend } = setup();
    runner.on('format=account,GrpTRESMins', 'hpc_a|cpu=600000,mem=614400M\n');
    expect(await backend.getResourceLimits('hpc_a')).toEqual({ cpu: 10, mem: 10 });
    expect(runner.calls).toEqual([
      SN('show', 'association', 'format=account,GrpTRESMins', 'where', 'accounts=hpc_a'),
    ]);
  });

  it('per-user limits in Waldur units', async () => {
    const { runner, backend } = setup();
    runner.on('list tres', 'cpu||1\nmem||2\n');
    await backend.setResourceUserLimits('hpc_a', 'alice', { cpu: 1 });
    expect(runner.calls.at(-1)).toEqual(
      S('modify', 'user', 'alice', 'where', 'account=hpc_a', 'set', 'MaxTRESMins=cpu=60000,mem=-1'),
    );
  });
});

describe('pull', () => {
  it('absent account ⇒ null; present ⇒ users and limits', async () => {
    const { runner, backend } = setup();
    expect(await backend.pullResource('hpc_x')).toBeNull();
    runner.on('show account hpc_a', 'hpc_a|A|hpc_p');
    runner.on('format=account,user', 'hpc_a|\nhpc_a|alice\n');
    runner.on('format=account,GrpTRESMins', 'hpc_a|cpu=120000\n');
    expect(await backend.pullResource('hpc_a')).toEqual({
      backendId: 'hpc_a',
      users: ['alice'],
      limits: { cpu: 2 },
    });
  });

  it('with usage: sacct for the current month, per-user and total in Waldur units', async () => {
    const runner = new RecordingCommandRunner();
    const backend = new SlurmBackend(BASE_SETTINGS, COMPONENTS, {
      runner,
      log,
      now: () => new Date('2025-02-10T12:00:00Z'),
    });
    runner.on('show account hpc_a', 'hpc_a|A|hpc_p');
    runner.on('/usr/bin/sacct ', 'hpc_a|cpu=100|10:00:00|alice\nhpc_a|cpu=50|10:00:00|bob\n');
    const info = await backend.pullResource('hpc_a', { withUsage: true });
    expect(info?.usage).toEqual({ alice: { cpu: 1 }, bob: { cpu: 0.5 }, TOTAL_ACCOUNT_USAGE: { cpu: 1.5 } });
    expect(runner.lines.find((l) => l.startsWith('/usr/bin/sacct '))).toContain(
      '--starttime=2025-02-01T00:00:00 --endtime=2025-02-28T23:59:59',
    );
  });
});

describe('health', () => {
  it('ping = list account; version = sinfo -V', async () => {
    const { runner, backend } = setup();
    runner.on('sinfo -V', 'slurm 24.05.1\n');
    expect(await backend.ping()).toBe(true);
    expect(await backend.version()).toBe('slurm 24.05.1');
    runner.on('list account', { stderr: 'connection refused', exitCode: 1 });
    expect(await backend.ping()).toBe(false);
    expect(await backend.evaluatePendingOrder({ uuid: 'x', type: 'Create' })).toBe('accept');
  });
});
