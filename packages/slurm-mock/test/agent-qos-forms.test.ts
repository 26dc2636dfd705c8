// One test per command form of docs/slurm.md#slurm-commands (QoS, hierarchy, discovery, cluster_name
// injection), with the agent's exact argv and exact stdout, stderr and exit code.
import { describe, expect, it } from 'vitest';
import { ok, useSeededHarness } from './agent-forms-world.js';

const h = useSeededHarness();

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
