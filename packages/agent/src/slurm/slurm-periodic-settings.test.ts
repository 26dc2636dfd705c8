// Periodic-limit settings of the SLURM backend (docs/protocol.md#resource_periodic_limits) against a recording runner.
import { describe, expect, it } from 'vitest';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from './slurm-backend.js';
import {
  BASE_SETTINGS,
  COMPONENTS,
  log,
  setupSlurmBackend as setup,
} from '../testing/slurm-backend-setup.js';

describe('periodic settings (docs/protocol.md#resource_periodic_limits)', () => {
  const ENABLED = { periodic_limits: { enabled: true } };

  it('disabled ⇒ failure without commands', async () => {
    const { runner, backend } = setup();
    expect(await backend.applyPeriodicSettings('hpc_a', { fairshare: 5 })).toEqual({
      success: false,
      commandsExecuted: [],
      errorMessage: 'periodic_limits_not_enabled',
    });
    expect(runner.calls).toEqual([]);
  });

  it('diffs first and only modifies what changed; reports every command run', async () => {
    const { runner, backend } = setup(ENABLED);
    runner.on('format=account,fairshare', 'hpc_a|100\n');
    runner.on('format=account,grptres,grptresmin', 'hpc_a||cpu=1000,mem=5||\n');
    const result = await backend.applyPeriodicSettings('hpc_a', {
      fairshare: 200,
      grp_tres_mins: { cpu: 1000, mem: 6, billing: 9 },
      reset_raw_usage: true,
    });
    const prefix = '/usr/bin/sacctmgr --parsable2 --noheader --immediate ';
    expect(result).toEqual({
      success: true,
      errorMessage: '',
      commandsExecuted: [
        `${prefix}list account format=account,fairshare where account=hpc_a`,
        `${prefix}modify account hpc_a set fairshare=200`,
        `${prefix}list account format=account,grptres,grptresmin,maxtres,maxtresmin where account=hpc_a`,
        `${prefix}modify account hpc_a set GrpTRESMins=mem=6`,
        `${prefix}modify account hpc_a set GrpTRESMins=billing=9`,
        `${prefix}modify account hpc_a set RawUsage=0`,
      ],
    });
    expect(runner.calls).toHaveLength(6);
  });

  it('unchanged values ⇒ reads only; limit_type from settings or config', async () => {
    const { runner, backend } = setup({ periodic_limits: { enabled: true, limit_type: 'MaxTRESMins' } });
    runner.on('format=account,fairshare', 'hpc_a|200\n');
    runner.on('format=account,grptres,grptresmin', 'hpc_a||||cpu=50\n');
    const r = await backend.applyPeriodicSettings('hpc_a', { fairshare: 200, max_tres_mins: { cpu: 50 } });
    expect(r.success).toBe(true);
    expect(r.commandsExecuted.every((c) => c.includes(' list '))).toBe(true);
    const r2 = await backend.applyPeriodicSettings('hpc_a', {
      max_tres_mins: { cpu: 51 },
      limit_type: 'GrpTRES',
    });
    expect(r2.commandsExecuted.at(-1)).toContain('modify account hpc_a set GrpTRES=cpu=51');
    expect(r2.commandsExecuted).toHaveLength(2);
    expect(runner.calls).toHaveLength(4);
  });

  it('command failure ⇒ success false with the commands run so far', async () => {
    const { runner, backend } = setup(ENABLED);
    runner.on('set fairshare', { stderr: ' error: denied', exitCode: 1 });
    const r = await backend.applyPeriodicSettings('hpc_a', { fairshare: 3 });
    expect(r.success).toBe(false);
    expect(r.errorMessage).toContain('Failed to set fairshare for account hpc_a');
    expect(r.commandsExecuted).toHaveLength(2);
  });

  it('emulator_mode posts to the emulator API', async () => {
    const runner = new RecordingCommandRunner();
    const posted: unknown[] = [];
    const fakeFetch = ((url: string, init: { body: string }) => {
      posted.push([url, JSON.parse(init.body)]);
      return Promise.resolve(new Response('{}', { status: 200 }));
    }) as unknown as typeof fetch;
    const backend = new SlurmBackend(
      {
        ...BASE_SETTINGS,
        periodic_limits: { enabled: true, emulator_mode: true, emulator_base_url: 'http://emu:8080' },
      },
      COMPONENTS,
      { runner, log, fetch: fakeFetch },
    );
    const r = await backend.applyPeriodicSettings('hpc_a', { fairshare: 5, grp_tres_mins: { cpu: 1 } });
    expect(r.success).toBe(true);
    expect(posted).toEqual([
      ['http://emu:8080/api/apply-periodic-settings', { resource_id: 'hpc_a', fairshare: 5 }],
      ['http://emu:8080/api/apply-periodic-settings', { resource_id: 'hpc_a', grp_tres_mins: { cpu: 1 } }],
    ]);
    expect(runner.calls).toEqual([]);
  });
});
