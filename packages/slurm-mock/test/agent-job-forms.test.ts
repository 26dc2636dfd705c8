// One test per command form of docs/slurm.md#slurm-commands for jobs (sacct usage and active-job queries,
// scancel), with the agent's exact argv and exact stdout, stderr and exit code.
import { describe, it } from 'vitest';
import { PARSABLE } from './harness.js';
import { ok, useSeededHarness } from './agent-forms-world.js';

const h = useSeededHarness();

describe('sacct and scancel', () => {
  const usageQuery = (extra: string[] = []): string[] => [
    ...PARSABLE,
    '--noconvert',
    '--truncate',
    '--allocations',
    '--allusers',
    '--starttime=2026-11-01T00:00:00',
    '--endtime=2026-11-30T23:59:59',
    '--accounts=hpc_alloc,hpc_proj',
    '--format=Account,ReqTRES,Elapsed,User',
    ...extra,
  ];

  it('usage report query (month window, truncated at the month start)', () => {
    h.run('slurm-mock', 'usage', 'inject', '--account', 'hpc_alloc', '--user', 'alice', '--node-hours', '2');
    h.run(
      'slurm-mock',
      'usage',
      'inject',
      '--account',
      'hpc_proj',
      '--user',
      'bob',
      '--node-hours',
      '3',
      '--at',
      '2026-10-31T23:00:00',
    );
    h.run('slurm-mock', 'usage', 'inject', '--account', 'hpc_other', '--user', 'bob', '--node-hours', '1');
    ok(
      h.run('sacct', ...usageQuery()),
      'hpc_alloc|cpu=64,mem=524288M,node=1,billing=64,gres/gpu=4|02:00:00|alice\n' +
        'hpc_proj|cpu=64,mem=524288M,node=1,billing=64,gres/gpu=4|02:00:00|bob\n',
    );
  });

  it('usage report with --cluster=<name> prepended; without --noconvert memory is converted', () => {
    h.run('slurm-mock', 'usage', 'inject', '--account', 'hpc_alloc', '--user', 'alice', '--node-hours', '26');
    ok(
      h.run('sacct', '--cluster=linux', ...usageQuery().filter((a) => a !== '--noconvert')),
      'hpc_alloc|cpu=64,mem=512G,node=1,billing=64,gres/gpu=4|1-02:00:00|alice\n',
    );
  });

  it('active jobs query: sacct -a --account= --user= --format=JobID,...,NodeList (no state filter)', () => {
    h.run('slurm-mock', 'usage', 'inject', '--account', 'hpc_alloc', '--user', 'alice', '--node-hours', '1');
    h.run('slurm-mock', 'job', 'create', '--account', 'hpc_alloc', '--user', 'alice', '--time-limit', '60');
    ok(
      h.run(
        'sacct',
        ...PARSABLE,
        '-a',
        '--account=hpc_alloc',
        '--user=alice',
        '--format=JobID,JobName,Partition,Account,User,State,Elapsed,Timelimit,NodeList',
      ),
      '1|usage|compute|hpc_alloc|alice|COMPLETED|01:00:00|UNLIMITED|node001\n' +
        '1.batch|batch||hpc_alloc||COMPLETED|01:00:00||node001\n' +
        '1.extern|extern||hpc_alloc||COMPLETED|01:00:00||node001\n' +
        '2|job|compute|hpc_alloc|alice|RUNNING|00:00:00|01:00:00|node001\n' +
        '2.batch|batch||hpc_alloc||RUNNING|00:00:00||node001\n' +
        '2.extern|extern||hpc_alloc||RUNNING|00:00:00||node001\n',
    );
  });

  it('scancel -A <id> -f cancels every active job of the account', () => {
    h.mgr('add', 'user', 'bob', 'account=hpc_alloc');
    h.run('slurm-mock', 'job', 'create', '--account', 'hpc_alloc', '--user', 'alice');
    h.run('slurm-mock', 'job', 'create', '--account', 'hpc_alloc', '--user', 'bob', '--state', 'PENDING');
    ok(h.run('scancel', '-A', 'hpc_alloc', '-f'), '');
    ok(
      h.run('sacct', ...PARSABLE, '-X', '-a', '--format=JobID,State'),
      '1|CANCELLED by 0\n2|CANCELLED by 0\n',
    );
  });

  it("scancel -u <u> -A <id> -f (with --cluster=<name> prepended) cancels only that user's jobs", () => {
    h.mgr('add', 'user', 'bob', 'account=hpc_alloc');
    h.run('slurm-mock', 'job', 'create', '--account', 'hpc_alloc', '--user', 'alice');
    h.run('slurm-mock', 'job', 'create', '--account', 'hpc_alloc', '--user', 'bob');
    ok(h.run('scancel', '--cluster=linux', '-u', 'alice', '-A', 'hpc_alloc', '-f'), '');
    ok(
      h.run('sacct', ...PARSABLE, '-X', '-a', '--format=JobID,User,State'),
      '1|alice|CANCELLED by 0\n2|bob|RUNNING\n',
    );
  });
});
