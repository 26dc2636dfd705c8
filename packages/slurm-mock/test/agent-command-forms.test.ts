// One test per command form of docs/slurm.md#slurm-commands, with the agent's exact argv (flag prefixes,
// quoting, cluster injection) and exact stdout, stderr and exit code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, PARSABLE } from './harness.js';

let h: Harness;

function ok(r: { stdout: string; stderr: string; exitCode: number }, stdout: string): void {
  expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({
    stdout,
    stderr: '',
    exitCode: 0,
  });
}

/** customer → project → allocation, alice on the allocation (what an agent CREATE order leaves behind). */
function seed(): void {
  h.mgr('add', 'account', 'hpc_cust', 'description="Customer 1"', 'organization="hpc_cust"');
  h.mgr(
    'add',
    'account',
    'hpc_proj',
    'description="Project 1"',
    'organization="hpc_proj"',
    'parent="hpc_cust"',
  );
  h.mgr(
    'add',
    'account',
    'hpc_alloc',
    'description="Alloc 1"',
    'organization="hpc_proj"',
    'parent="hpc_proj"',
  );
  h.mgr('add', 'user', 'alice', 'account=hpc_alloc', 'DefaultAccount=root', 'Share=parent');
}

beforeEach(() => {
  h = createHarness();
  seed();
});
afterEach(() => {
  h.cleanup();
});

describe('accounts', () => {
  it('list account → name|description|organization', () => {
    ok(
      h.mgr('list', 'account'),
      'hpc_alloc|alloc 1|hpc_proj\nhpc_cust|customer 1|hpc_cust\nhpc_proj|project 1|hpc_proj\nroot|default root account|root\n',
    );
  });

  it('show account <id>: one row when present, nothing when absent', () => {
    ok(h.mgr('show', 'account', 'hpc_alloc'), 'hpc_alloc|alloc 1|hpc_proj\n');
    ok(h.mgr('show', 'account', 'hpc_nothere'), '');
  });

  it('add account <id> description="<s>" organization="<s>" parent="<p>" (quotes stripped, case folded)', () => {
    const r = h.mgr(
      'add',
      'account',
      'HPC_New',
      'description="New Alloc"',
      'organization="hpc_proj"',
      'parent="hpc_proj"',
    );
    ok(
      r,
      ' Adding Account(s)\n  hpc_new\n Settings\n  Description     = new alloc\n  Organization    = hpc_proj\n' +
        ' Associations\n  A = hpc_new    C = linux     \n Settings\n  Parent        = hpc_proj\n',
    );
    ok(h.mgr('show', 'account', 'hpc_new'), 'hpc_new|new alloc|hpc_proj\n');
    ok(h.mgr('show', 'assoc', 'account=hpc_new', 'format=Account,ParentName,User'), 'hpc_new|hpc_proj|\n');
  });

  it('add account again → "Data has not changed", exit 0', () => {
    const r = h.mgr(
      'add',
      'account',
      'hpc_alloc',
      'description="Alloc 1"',
      'organization="hpc_proj"',
      'parent="hpc_proj"',
    );
    ok(r, ' Data has not changed since time specified');
  });

  it('remove account where name=<id> removes the account and all its association rows', () => {
    ok(h.mgr('remove', 'account', 'where', 'name=hpc_alloc'), ' Deleting accounts...\n  hpc_alloc\n');
    ok(h.mgr('show', 'account', 'hpc_alloc'), '');
    ok(h.mgr('list', 'associations', 'format=account,user', 'where', 'account=hpc_alloc'), '');
    ok(h.mgr('list', 'user', 'format=user'), 'root\n');
  });
});

describe('limits', () => {
  it('modify account <id> set GrpTRESMins=<k1>=<v1>,<k2>=<v2>', () => {
    ok(
      h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpTRESMins=cpu=600000,mem=614400'),
      ' Modified account associations...\n  C = linux      A = hpc_alloc           \n',
    );
  });

  it('show association format=account,GrpTRESMins where accounts=<id> (no --immediate) honours the filter', () => {
    h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpTRESMins=cpu=600000,mem=614400');
    ok(
      h.run(
        'sacctmgr',
        ...PARSABLE,
        'show',
        'association',
        'format=account,GrpTRESMins',
        'where',
        'accounts=hpc_alloc',
      ),
      'hpc_alloc|cpu=600000,mem=600G\nhpc_alloc|\n',
    );
  });

  it('per-user limits: read MaxTRESMins per user, set it with one entry per TRES (-1 clears)', () => {
    ok(
      h.mgr('show', 'association', 'where', 'accounts=hpc_alloc', 'format=Account,MaxTRESMins,User'),
      'hpc_alloc||\nhpc_alloc||alice\n',
    );
    ok(
      h.mgr(
        'modify',
        'user',
        'alice',
        'where',
        'account=hpc_alloc',
        'set',
        'MaxTRESMins=cpu=6000,mem=-1,energy=-1,node=-1,billing=-1,fs/disk=-1,vmem=-1,pages=-1,gres/gpu=120',
      ),
      ' Modified user associations...\n  C = linux      A = hpc_alloc            U = alice    \n',
    );
    ok(
      h.mgr('show', 'association', 'where', 'accounts=hpc_alloc', 'format=Account,MaxTRESMins,User'),
      'hpc_alloc||\nhpc_alloc|cpu=6000,gres/gpu=120|alice\n',
    );
  });

  it('pause lever: modify account <id> set GrpSubmitJobs=0, restore with -1', () => {
    ok(
      h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpSubmitJobs=0'),
      ' Modified account associations...\n  C = linux      A = hpc_alloc           \n',
    );
    ok(
      h.mgr('list', 'assoc', 'format=account,user,grpsubmit', 'where', 'account=hpc_alloc'),
      'hpc_alloc||0\nhpc_alloc|alice|\n',
    );
    ok(
      h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpSubmitJobs=-1'),
      ' Modified account associations...\n  C = linux      A = hpc_alloc           \n',
    );
    ok(
      h.mgr('list', 'assoc', 'format=account,grpsubmit', 'where', 'account=hpc_alloc', 'user='),
      'hpc_alloc|\n',
    );
  });

  it('periodic: fairshare, one TRES per command for GrpTRESMins/MaxTRESMins/GrpTRES, RawUsage=0', () => {
    const line = ' Modified account associations...\n  C = linux      A = hpc_alloc           \n';
    ok(h.mgr('modify', 'account', 'hpc_alloc', 'set', 'fairshare=333'), line);
    ok(h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpTRESMins=billing=1000'), line);
    ok(h.mgr('modify', 'account', 'hpc_alloc', 'set', 'MaxTRESMins=billing=500'), line);
    ok(h.mgr('modify', 'account', 'hpc_alloc', 'set', 'GrpTRES=billing=64'), line);
    ok(
      h.mgr('modify', 'account', 'hpc_alloc', 'set', 'RawUsage=0'),
      'No cluster specified, resetting on local cluster linux\n',
    );
    ok(
      h.mgr(
        'list',
        'assoc',
        'format=account,share,grptres,grptresmins,maxtresmins',
        'where',
        'account=hpc_alloc',
        'user=',
      ),
      'hpc_alloc|333|billing=64|billing=1000|billing=500\n',
    );
  });

  it('periodic reads: list account format=... where account=<id> (assoc columns stay blank without WithAssoc, like SLURM)', () => {
    h.mgr('modify', 'account', 'hpc_alloc', 'set', 'fairshare=333');
    ok(h.mgr('list', 'account', 'format=account,fairshare', 'where', 'account=hpc_alloc'), 'hpc_alloc|\n');
    ok(
      h.mgr(
        'list',
        'account',
        'format=account,grptres,grptresmin,maxtres,maxtresmin',
        'where',
        'account=hpc_alloc',
      ),
      'hpc_alloc||||\n',
    );
    ok(
      h.mgr('list', 'account', 'WithAssoc', 'format=account,user,fairshare', 'where', 'account=hpc_alloc'),
      'hpc_alloc||333\nhpc_alloc|alice|parent\n',
    );
  });
});

describe('users and associations', () => {
  it('list associations format=account,user where account=<id>', () => {
    ok(
      h.mgr('list', 'associations', 'format=account,user', 'where', 'account=hpc_alloc'),
      'hpc_alloc|\nhpc_alloc|alice\n',
    );
  });

  it('show association where account=<id> (default 20 columns, field 2 = user)', () => {
    ok(
      h.mgr('show', 'association', 'where', 'account=hpc_alloc'),
      'linux|hpc_alloc|||1|||||||||||||normal||\nlinux|hpc_alloc|alice||parent|||||||||||||normal||\n',
    );
  });

  it('show association where user=<u> account=<id>: a row when it exists, none otherwise', () => {
    ok(
      h.mgr('show', 'association', 'where', 'user=alice', 'account=hpc_alloc'),
      'linux|hpc_alloc|alice||parent|||||||||||||normal||\n',
    );
    ok(h.mgr('show', 'association', 'where', 'user=bob', 'account=hpc_alloc'), '');
  });

  it('add user <u> account=<id> DefaultAccount=<d> Share=parent', () => {
    ok(
      h.mgr('add', 'user', 'bob', 'account=hpc_alloc', 'DefaultAccount=root', 'Share=parent'),
      ' Adding User(s)\n  bob\n Settings =\n  Default Account = root\n Associations =\n' +
        '  U = bob       A = hpc_alloc  C = linux     \n Non Default Settings\n  Fairshare     = parent\n',
    );
  });

  it('add user with Partitions=<p1,p2> Share=parent, and single Partition=<p>', () => {
    ok(
      h.mgr(
        'add',
        'user',
        'bob',
        'account=hpc_alloc',
        'DefaultAccount=hpc_alloc',
        'Partitions=cpu,gpu',
        'Share=parent',
      ),
      ' Adding User(s)\n  bob\n Settings =\n  Default Account = hpc_alloc\n Associations =\n' +
        '  U = bob       A = hpc_alloc  C = linux      P = cpu       \n' +
        '  U = bob       A = hpc_alloc  C = linux      P = gpu       \n' +
        ' Non Default Settings\n  Fairshare     = parent\n',
    );
    ok(
      h.mgr('add', 'user', 'carol', 'account=hpc_alloc', 'Partition=gpu'),
      ' Adding User(s)\n  carol\n Settings =\n  Default Account = hpc_alloc\n Associations =\n' +
        '  U = carol     A = hpc_alloc  C = linux      P = gpu       \n',
    );
    ok(
      h.mgr('list', 'assoc', 'format=user,partition', 'where', 'account=hpc_alloc'),
      '|\nalice|\nbob|cpu\nbob|gpu\ncarol|gpu\n',
    );
  });

  it('add user with QosLevel=<q> DefaultQOS=<q> (QoS enforcement)', () => {
    h.mgr('add', 'qos', 'hpc_alloc');
    ok(
      h.mgr(
        'add',
        'user',
        'bob',
        'account=hpc_alloc',
        'QosLevel=hpc_alloc',
        'DefaultQOS=hpc_alloc',
        'Share=parent',
      ),
      ' Adding User(s)\n  bob\n Settings =\n  Default Account = hpc_alloc\n Associations =\n' +
        '  U = bob       A = hpc_alloc  C = linux     \n Non Default Settings\n  Fairshare     = parent\n' +
        '  QOS           = hpc_alloc\n  DefQOS        = hpc_alloc\n',
    );
    ok(
      h.mgr('list', 'assoc', 'format=user,qos,defaultqos', 'where', 'user=bob'),
      'bob|hpc_alloc|hpc_alloc\n',
    );
  });

  it('remove user where name=<u> and account=<id>', () => {
    ok(
      h.mgr('remove', 'user', 'where', 'name=alice', 'and', 'account=hpc_alloc'),
      ' Deleting user associations...\n  C = linux      A = hpc_alloc  U = alice    \n',
    );
    ok(h.mgr('show', 'association', 'where', 'user=alice', 'account=hpc_alloc'), '');
  });

  it('remove user where account=<id> removes every user association, keeps the account row', () => {
    h.mgr('add', 'user', 'bob', 'account=hpc_alloc');
    ok(
      h.mgr('remove', 'user', 'where', 'account=hpc_alloc'),
      ' Deleting user associations...\n  C = linux      A = hpc_alloc  U = alice    \n  C = linux      A = hpc_alloc  U = bob      \n',
    );
    ok(h.mgr('list', 'associations', 'format=account,user', 'where', 'account=hpc_alloc'), 'hpc_alloc|\n');
  });
});

describe('QoS', () => {
  it('current QoS: list associations format=account,qos where account=<id>', () => {
    ok(
      h.mgr('list', 'associations', 'format=account,qos', 'where', 'account=hpc_alloc'),
      'hpc_alloc|normal\nhpc_alloc|normal\n',
    );
  });

  it('set QoS: modify account <id> set qos=<q>', () => {
    h.mgr('add', 'qos', 'paused');
    ok(
      h.mgr('modify', 'account', 'hpc_alloc', 'set', 'qos=paused'),
      ' Modified account associations...\n  C = linux      A = hpc_alloc           \n',
    );
    ok(
      h.mgr('list', 'associations', 'format=account,qos', 'where', 'account=hpc_alloc'),
      'hpc_alloc|paused\nhpc_alloc|paused\n',
    );
  });

  it('show qos <n>', () => {
    ok(h.mgr('show', 'qos', 'normal'), 'normal|0|00:00:00|||cluster|||1.000000|||||||||||||||||\n');
    ok(h.mgr('show', 'qos', 'hpc_alloc'), '');
  });

  it('add qos <n> set flags=<f>', () => {
    ok(
      h.mgr('add', 'qos', 'hpc_alloc', 'set', 'flags=DenyOnLimit,NoDecay'),
      ' Adding QOS(s)\n  hpc_alloc\n Settings\n  Description    = QOS Name\n  Flags                    = DenyOnLimit,NoDecay\n',
    );
    ok(h.mgr('show', 'qos', 'hpc_alloc', 'format=name,flags'), 'hpc_alloc|NoDecay,DenyOnLimit\n');
  });

  it('modify qos <n> set GrpTRES= / MaxJobs= / MaxSubmit= / MaxWall= / MinTRESPerJob=', () => {
    h.mgr('add', 'qos', 'hpc_alloc');
    const line = ' Modified qos...\n  hpc_alloc\n';
    ok(h.mgr('modify', 'qos', 'hpc_alloc', 'set', 'GrpTRES=cpu=128,gres/gpu=8'), line);
    ok(h.mgr('modify', 'qos', 'hpc_alloc', 'set', 'MaxJobs=4'), line);
    ok(h.mgr('modify', 'qos', 'hpc_alloc', 'set', 'MaxSubmit=8'), line);
    ok(h.mgr('modify', 'qos', 'hpc_alloc', 'set', 'MaxWall=2-00:00:00'), line);
    ok(h.mgr('modify', 'qos', 'hpc_alloc', 'set', 'MinTRESPerJob=cpu=2'), line);
    ok(
      h.mgr('show', 'qos', 'hpc_alloc', 'format=name,grptres,maxjobspu,maxsubmitpu,maxwall,mintres'),
      'hpc_alloc|cpu=128,gres/gpu=8|4|8|2-00:00:00|cpu=2\n',
    );
  });

  it('remove qos where name=<n> (also drops it from associations)', () => {
    h.mgr('add', 'qos', 'hpc_alloc');
    h.mgr('modify', 'account', 'set', 'qos+=hpc_alloc', 'where', 'account=hpc_alloc');
    ok(h.mgr('remove', 'qos', 'where', 'name=hpc_alloc'), ' Deleting QOS(s)...\n  hpc_alloc\n');
    ok(
      h.mgr('list', 'associations', 'format=account,qos', 'where', 'account=hpc_alloc', 'user='),
      'hpc_alloc|normal\n',
    );
  });

  it('modify account set qos+=<n> where account=<id>, then defaultqos=<n>', () => {
    h.mgr('add', 'qos', 'hpc_alloc');
    const line = ' Modified account associations...\n  C = linux      A = hpc_alloc           \n';
    ok(h.mgr('modify', 'account', 'set', 'qos+=hpc_alloc', 'where', 'account=hpc_alloc'), line);
    ok(h.mgr('modify', 'account', 'set', 'defaultqos=hpc_alloc', 'where', 'account=hpc_alloc'), line);
    ok(
      h.mgr('list', 'associations', 'format=account,user,qos,defaultqos', 'where', 'account=hpc_alloc'),
      'hpc_alloc||hpc_alloc,normal|hpc_alloc\nhpc_alloc|alice|hpc_alloc,normal|hpc_alloc\n',
    );
  });

  it('qos+= before the allocation account exists → "Nothing modified", exit 1 (the agent treats it as success)', () => {
    h.mgr('add', 'qos', 'hpc_later');
    const r = h.mgr('modify', 'account', 'set', 'qos+=hpc_later', 'where', 'account=hpc_later');
    expect(r).toMatchObject({ stdout: ' Nothing modified\n', stderr: '', exitCode: 1 });
  });
});

describe('hierarchy', () => {
  it('parent: show assoc account=<id> format=Account,ParentName,User -n -P (options after the command)', () => {
    ok(
      h.run('sacctmgr', 'show', 'assoc', 'account=hpc_alloc', 'format=Account,ParentName,User', '-n', '-P'),
      'hpc_alloc|hpc_proj|\nhpc_alloc||alice\n',
    );
    ok(
      h.run('sacctmgr', 'show', 'assoc', 'account=HPC_Proj', 'format=Account,ParentName,User', '-n', '-P'),
      'hpc_proj|hpc_cust|\n',
    );
  });

  it('reparent: modify account where name=<id> set parent=<p>; same parent → Nothing modified, exit 1', () => {
    h.mgr('add', 'account', 'hpc_cust2');
    ok(
      h.mgr('modify', 'account', 'where', 'name=hpc_proj', 'set', 'parent=hpc_cust2'),
      ' Modified account associations...\n  C = linux      A = hpc_proj            \n',
    );
    ok(
      h.run('sacctmgr', '-nP', 'show', 'assoc', 'account=hpc_proj', 'format=Account,ParentName,User'),
      'hpc_proj|hpc_cust2|\n',
    );
    expect(h.mgr('modify', 'account', 'where', 'name=hpc_proj', 'set', 'parent=hpc_cust2')).toMatchObject({
      stdout: ' Nothing modified\n',
      stderr: '',
      exitCode: 1,
    });
  });
});

describe('discovery', () => {
  it('list tres → type|name|id in real SLURM lowercase form', () => {
    ok(
      h.mgr('list', 'tres'),
      'cpu||1\nmem||2\nenergy||3\nnode||4\nbilling||5\nfs|disk|6\nvmem||7\npages||8\ngres|gpu|1001\n',
    );
  });

  it('list cluster format=cluster → bare names', () => {
    ok(h.mgr('list', 'cluster', 'format=cluster'), 'linux\n');
  });

  it('sacctmgr --version and sinfo -V contain "slurm"', () => {
    ok(h.run('sacctmgr', '--version'), 'slurm 23.11.10\n');
    ok(h.run('sinfo', '-V'), 'slurm 23.11.10\n');
  });
});

describe('cluster_name injection', () => {
  it('sacctmgr gets cluster=<name> appended, or inserted before set', () => {
    ok(
      h.mgr(
        'add',
        'account',
        'hpc_x',
        'description="X"',
        'organization="hpc_proj"',
        'parent="hpc_proj"',
        'cluster=linux',
      ),
      ' Adding Account(s)\n  hpc_x\n Settings\n  Description     = x\n  Organization    = hpc_proj\n' +
        ' Associations\n  A = hpc_x      C = linux     \n Settings\n  Parent        = hpc_proj\n',
    );
    ok(
      h.mgr('modify', 'account', 'hpc_x', 'cluster=linux', 'set', 'GrpTRESMins=cpu=10'),
      ' Modified account associations...\n  C = linux      A = hpc_x               \n',
    );
    ok(
      h.mgr('show', 'association', 'format=account,GrpTRESMins', 'where', 'accounts=hpc_x', 'cluster=linux'),
      'hpc_x|cpu=10\n',
    );
    ok(h.mgr('show', 'association', 'format=account', 'where', 'accounts=hpc_x', 'cluster=other'), '');
  });

  it('an unknown cluster on add is refused with SLURM wording', () => {
    expect(h.mgr('add', 'account', 'hpc_y', 'cluster=other')).toEqual({
      stdout: '',
      stderr: " This cluster 'other' doesn't exist.\n        Contact your admin to add it to accounting.\n",
      output: " This cluster 'other' doesn't exist.\n        Contact your admin to add it to accounting.\n",
      exitCode: 1,
    });
  });
});

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
