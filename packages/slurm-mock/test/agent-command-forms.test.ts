// One test per command form of docs/slurm.md#slurm-commands (accounts, limits, users and associations), with
// the agent's exact argv (flag prefixes, quoting, cluster injection) and exact stdout, stderr and exit code.
import { describe, it } from 'vitest';
import { ok, useSeededHarness } from './agent-forms-world.js';
import { PARSABLE } from './harness.js';

const h = useSeededHarness();

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
