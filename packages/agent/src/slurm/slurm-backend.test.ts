// Lifecycle command sequences of the SLURM backend (docs/slurm.md#account-naming, docs/slurm.md#lifecycle-sequences, docs/protocol.md#resource_periodic_limits) against a recording runner.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ResourceSpec } from '../backend/backend.js';
import { createBackend } from '../backend/create-backend.js';
import { BackendError } from '../backend/errors.js';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from './slurm-backend.js';

const log = pino({ level: 'silent' });
const S = (...args: string[]): string[] => [
  '/usr/bin/sacctmgr',
  '--parsable2',
  '--noheader',
  '--immediate',
  ...args,
];
const SN = (...args: string[]): string[] => ['/usr/bin/sacctmgr', '--parsable2', '--noheader', ...args];

const BASE_SETTINGS = {
  default_account: 'root',
  customer_prefix: 'hpc_',
  project_prefix: 'hpc_',
  allocation_prefix: 'hpc_',
  enable_user_homedir_account_creation: false,
  qos_paused: 'paused',
  qos_downscaled: 'slowdown',
};
const COMPONENTS = {
  cpu: { accounting_type: 'limit', unit_factor: 60000, measured_unit: 'k-Hours', label: 'CPU' },
  mem: { accounting_type: 'limit', unit_factor: 61440, measured_unit: 'GB-Hours', label: 'RAM' },
};

function spec(overrides: Partial<ResourceSpec> = {}): ResourceSpec {
  return {
    uuid: 'r1',
    name: 'Sample Resource',
    slug: 'sample-resource-1',
    backendId: null,
    projectUuid: 'p1',
    projectSlug: 'project-1',
    projectName: 'Project One',
    customerUuid: 'c1',
    customerSlug: 'customer-1',
    customerName: 'Customer One',
    offeringUuid: 'o1',
    offeringPluginOptions: {},
    limits: { cpu: 10, mem: 10 },
    ...overrides,
  };
}

function setup(settings: Record<string, unknown> = {}, components: Record<string, unknown> = COMPONENTS) {
  const runner = new RecordingCommandRunner();
  const existing: string[] = [];
  const backend = new SlurmBackend({ ...BASE_SETTINGS, ...settings }, components, { runner, log });
  return { runner, backend, existing };
}

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

describe('create (docs/slurm.md#account-naming/docs/slurm.md#lifecycle-sequences)', () => {
  it('root → customer → project → allocation, then list tres and GrpTRESMins', async () => {
    const { runner, backend } = setup();
    runner.on('list tres', 'cpu||1\nmem||2\nnode||4\n');
    const created = await backend.createResource(spec(), { usernames: ['alice'] });
    expect(created).toEqual({ backendId: 'hpc_sample-resource-1', limits: { cpu: 10, mem: 10 } });
    expect(runner.calls).toEqual([
      S('show', 'account', 'hpc_customer-1'),
      S(
        'add',
        'account',
        'hpc_customer-1',
        'description="Customer One"',
        'organization="hpc_customer-1"',
        'parent="root"',
      ),
      S('show', 'account', 'hpc_project-1'),
      S(
        'add',
        'account',
        'hpc_project-1',
        'description="Project One"',
        'organization="hpc_project-1"',
        'parent="hpc_customer-1"',
      ),
      S('show', 'account', 'hpc_sample-resource-1'),
      S(
        'add',
        'account',
        'hpc_sample-resource-1',
        'description="Sample Resource"',
        'organization="hpc_project-1"',
        'parent="hpc_project-1"',
      ),
      S('list', 'tres'),
      S('modify', 'account', 'hpc_sample-resource-1', 'set', 'GrpTRESMins=cpu=600000,mem=614400'),
    ]);
  });

  it('existing customer/project are not re-added; root_account is the customer parent; ids lower-cased', async () => {
    const { runner, backend } = setup({ root_account: 'top', default_account: 'users' });
    runner.on('show account hpc_customer-1', 'hpc_customer-1|C|hpc_customer-1');
    runner.on('show account hpc_project-1', 'hpc_project-1|P|hpc_project-1');
    await backend.createResource(spec({ slug: 'Mixed-Case', limits: {} }), { usernames: [] });
    expect(runner.lines.filter((l) => l.includes(' add '))).toEqual([
      S(
        'add',
        'account',
        'hpc_mixed-case',
        'description="Sample Resource"',
        'organization="hpc_project-1"',
        'parent="hpc_project-1"',
      ).join(' '),
    ]);
    // no limits requested ⇒ no modify
    expect(runner.lines.some((l) => l.includes('modify'))).toBe(false);
  });

  it('customer parent defaults to default_account when root_account is unset', async () => {
    const { runner, backend } = setup({ default_account: 'users' });
    await backend.createResource(spec({ limits: {} }), { usernames: [] });
    expect(runner.calls[1]).toContain('parent="users"');
  });

  it('flat hierarchy with parent_account: no customer tier', async () => {
    const { runner, backend } = setup({ parent_account: 'flat' });
    await backend.createResource(spec({ limits: {} }), { usernames: [] });
    expect(runner.calls.slice(0, 2)).toEqual([
      S('show', 'account', 'hpc_project-1'),
      S(
        'add',
        'account',
        'hpc_project-1',
        'description="Project One"',
        'organization="hpc_project-1"',
        'parent="flat"',
      ),
    ]);
    expect(runner.lines.some((l) => l.includes('customer'))).toBe(false);
  });

  it('missing slugs ⇒ BackendError before any command', async () => {
    const { runner, backend } = setup();
    await expect(backend.createResource(spec({ customerSlug: '' }), { usernames: [] })).rejects.toThrow(
      /missing slug/,
    );
    expect(runner.calls).toEqual([]);
  });

  it('existing allocation ⇒ duplicate; default policy gives up after 1 attempt', async () => {
    const { runner, backend } = setup();
    runner.on('show account hpc_sample-resource-1', 'hpc_sample-resource-1|x|y');
    const err = await backend.createResource(spec(), { usernames: [] }).catch((e: unknown) => e);
    expect((err as BackendError).code).toBe('ERR_DUPLICATE_RESOURCE');
  });

  it('project_slug policy: base = project slug, retries with <project_slug>-<n>', async () => {
    const { runner, backend } = setup({ backend_id_max_retries: 5 });
    runner.on(/show account hpc_project-1$/, 'hpc_project-1|P|hpc_project-1');
    runner.on(/show account hpc_project-1-1$/, 'hpc_project-1-1|x|hpc_project-1');
    runner.on('list tres', 'cpu||1\nmem||2\n');
    const created = await backend.createResource(
      spec({ offeringPluginOptions: { account_name_generation_policy: 'project_slug' } }),
      { usernames: [] },
    );
    expect(created.backendId).toBe('hpc_project-1-2');
    // attempt 0 = hpc_project-1 (exists: same name as the project account), attempt 1 = hpc_project-1-1 (exists)
    expect(
      runner.lines.filter((l) => /show account hpc_project-1(-\d)?$/.test(l)).map((l) => l.split(' ').at(-1)),
    ).toEqual([
      'hpc_project-1',
      'hpc_project-1',
      'hpc_project-1',
      'hpc_project-1-1',
      'hpc_project-1',
      'hpc_project-1-2',
    ]);
    expect(runner.lines.filter((l) => l.includes('add account hpc_project-1-'))).toHaveLength(1);
  });

  it('claims the id after finding it free and right before add account (crash-safety journal)', async () => {
    const { runner, backend } = setup();
    const seen: string[] = [];
    await backend.createResource(spec({ limits: {} }), {
      usernames: [],
      claimBackendId: (id) => {
        seen.push(`claim ${id} after ${runner.lines.length} commands`);
        return Promise.resolve(true);
      },
    });
    // customer show+add, project show+add, allocation show: then the claim, then the add.
    expect(seen).toEqual(['claim hpc_sample-resource-1 after 5 commands']);
    expect(runner.lines[5]).toContain('add account hpc_sample-resource-1');
  });

  it('an id reserved for another resource is treated as taken (next candidate under project_slug)', async () => {
    const { runner, backend } = setup({ backend_id_max_retries: 3 });
    runner.on(/show account hpc_project-1$/, 'hpc_project-1|P|hpc_project-1');
    const created = await backend.createResource(
      spec({ limits: {}, offeringPluginOptions: { account_name_generation_policy: 'project_slug' } }),
      { usernames: [], claimBackendId: (id) => Promise.resolve(id !== 'hpc_project-1-1') },
    );
    expect(created.backendId).toBe('hpc_project-1-2');
    expect(runner.lines.filter((l) => l.includes('add account hpc_project-1-'))).toEqual([
      expect.stringContaining('add account hpc_project-1-2'),
    ]);
  });

  it('an existing account is never claimed', async () => {
    const { runner, backend } = setup();
    runner.on('show account hpc_sample-resource-1', 'hpc_sample-resource-1|x|y');
    const claims: string[] = [];
    const err = await backend
      .createResource(spec(), { usernames: [], claimBackendId: (id) => Promise.resolve(claims.push(id) > 0) })
      .catch((e: unknown) => e);
    expect((err as BackendError).code).toBe('ERR_DUPLICATE_RESOURCE');
    expect(claims).toEqual([]);
  });

  it('adoptExisting finishes the set-up of an existing allocation instead of failing', async () => {
    const { runner, backend } = setup();
    runner.on('show account hpc_customer-1', 'hpc_customer-1|C|hpc_customer-1');
    runner.on('show account hpc_project-1', 'hpc_project-1|P|hpc_project-1');
    runner.on('show account hpc_sample-resource-1', 'hpc_sample-resource-1|Sample Resource|hpc_project-1');
    runner.on('list tres', 'cpu||1\nmem||2\n');
    const created = await backend.createResourceWithId(spec(), 'hpc_sample-resource-1', {
      usernames: [],
      adoptExisting: true,
    });
    expect(created).toEqual({ backendId: 'hpc_sample-resource-1', limits: { cpu: 10, mem: 10 } });
    expect(runner.lines.filter((l) => l.includes(' add '))).toEqual([]);
    expect(runner.calls.at(-1)).toEqual(
      S('modify', 'account', 'hpc_sample-resource-1', 'set', 'GrpTRESMins=cpu=600000,mem=614400'),
    );
  });

  it('uniqueness check against Waldur skips ids Waldur already uses', async () => {
    const { runner, backend } = setup({ check_backend_id_uniqueness: true, backend_id_max_retries: 3 });
    const asked: string[] = [];
    const created = await backend.createResource(spec({ limits: {} }), {
      usernames: [],
      isBackendIdUnique: (id) => {
        asked.push(id);
        return Promise.resolve(id !== 'hpc_sample-resource-1');
      },
    });
    expect(asked).toEqual(['hpc_sample-resource-1', 'hpc_project-1-1']);
    expect(created.backendId).toBe('hpc_project-1-1');
    expect(runner.lines.some((l) => l.includes('add account hpc_sample-resource-1'))).toBe(false);
  });

  it('unknown TRES keys are dropped from GrpTRESMins; usage component defaults added', async () => {
    const { runner, backend } = setup(
      {},
      {
        ...COMPONENTS,
        'gres/gpu': { accounting_type: 'usage', unit_factor: 60, limit: 2 },
      },
    );
    runner.on('list tres', 'CPU||1\nmem||2\ngres|gpu|1001\n');
    const created = await backend.createResource(spec(), { usernames: [] });
    expect(runner.calls.at(-1)).toEqual(
      S('modify', 'account', 'hpc_sample-resource-1', 'set', 'GrpTRESMins=gres/gpu=120,mem=614400'),
    );
    expect(created.limits).toEqual({ cpu: 10, mem: 10, 'gres/gpu': 2 });
  });

  it('post-create: home dirs for the team via mkhomedir_helper, skipped when present', async () => {
    const runner = new RecordingCommandRunner();
    const backend = new SlurmBackend(
      { ...BASE_SETTINGS, enable_user_homedir_account_creation: true, homedir_base_path: '/home' },
      COMPONENTS,
      { runner, log, pathExists: (p) => Promise.resolve(p === '/home/bob') },
    );
    await backend.createResource(spec({ limits: {} }), { usernames: ['alice', 'bob', ''] });
    expect(runner.calls.at(-1)).toEqual(['/sbin/mkhomedir_helper', 'alice', '0077']);
    expect(runner.lines.filter((l) => l.includes('mkhomedir'))).toHaveLength(1);
  });

  it('qos_management: per-account QoS created and attached before the allocation exists', async () => {
    const { runner, backend } = setup({
      qos_management: { enabled: true, max_jobs: 4, additional_qos: ['extra'] },
    });
    await backend.createResource(spec({ limits: {} }), { usernames: [] });
    const qosPart = runner.calls.slice(4, 10);
    expect(qosPart).toEqual([
      S('show', 'qos', 'hpc_sample-resource-1'),
      S('add', 'qos', 'hpc_sample-resource-1', 'set', 'flags=DenyOnLimit,NoDecay'),
      S('modify', 'qos', 'hpc_sample-resource-1', 'set', 'MaxJobs=4'),
      S('modify', 'account', 'set', 'qos+=hpc_sample-resource-1', 'where', 'account=hpc_sample-resource-1'),
      S(
        'modify',
        'account',
        'set',
        'defaultqos=hpc_sample-resource-1',
        'where',
        'account=hpc_sample-resource-1',
      ),
      S('modify', 'account', 'set', 'qos+=extra', 'where', 'account=hpc_sample-resource-1'),
    ]);
    expect(runner.calls[10]).toEqual(S('show', 'account', 'hpc_sample-resource-1'));
  });

  it('cluster_name is injected into the whole create sequence', async () => {
    const { runner, backend } = setup({ cluster_name: 'alpha' });
    runner.on('list tres', 'cpu||1\nmem||2\n');
    await backend.createResource(spec(), { usernames: [] });
    expect(runner.calls.at(-1)).toEqual(
      S(
        'modify',
        'account',
        'hpc_sample-resource-1',
        'cluster=alpha',
        'set',
        'GrpTRESMins=cpu=600000,mem=614400',
      ),
    );
    expect(runner.calls[0]).toEqual(S('show', 'account', 'hpc_customer-1', 'cluster=alpha'));
    expect(runner.calls.find((c) => c.includes('tres'))).toEqual(S('list', 'tres'));
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

describe('terminate', () => {
  it('users: scancel + remove users; removes allocation then project (no other allocation of it)', async () => {
    const { runner, backend } = setup();
    runner.on('show account hpc_a', 'hpc_a|A|hpc_project-1');
    runner.on('show account hpc_project-1', 'hpc_project-1|P|hpc_project-1');
    runner.on('show association where account=hpc_a', 'c|hpc_a||\nc|hpc_a|alice|\n');
    runner.on('list account', 'hpc_customer-1|C|hpc_customer-1\nhpc_project-1|P|hpc_project-1\n');
    await backend.deleteResource('hpc_a', { projectSlug: 'project-1' });
    expect(runner.calls).toEqual([
      S('show', 'account', 'hpc_a'),
      S('show', 'association', 'where', 'account=hpc_a'),
      ['/usr/bin/scancel', '-A', 'hpc_a', '-f'],
      S('remove', 'user', 'where', 'account=hpc_a'),
      S('show', 'account', 'hpc_a'),
      S('remove', 'account', 'where', 'name=hpc_a'),
      S('list', 'account'),
      S('show', 'account', 'hpc_project-1'),
      S('remove', 'account', 'where', 'name=hpc_project-1'),
    ]);
  });

  it('keeps the project while another allocation points at it; never removes the customer', async () => {
    const { runner, backend } = setup();
    runner.on('show account hpc_a', 'hpc_a|A|hpc_project-1');
    runner.on('list account', 'hpc_project-1|P|hpc_project-1\nhpc_b|B|hpc_project-1\n');
    await backend.deleteResource('hpc_a', { projectSlug: 'project-1' });
    expect(runner.lines.filter((l) => l.includes('remove'))).toEqual([
      S('remove', 'account', 'where', 'name=hpc_a').join(' '),
    ]);
  });

  it('absent allocation ⇒ only the show', async () => {
    const { runner, backend } = setup();
    await backend.deleteResource('hpc_a', { projectSlug: 'project-1' });
    await backend.deleteResource('  ', { projectSlug: 'project-1' });
    expect(runner.calls).toEqual([S('show', 'account', 'hpc_a')]);
  });

  it('soft_delete ⇒ limits set to 0, nothing removed', async () => {
    const { runner, backend } = setup({ soft_delete: true });
    runner.on('show account hpc_a', 'hpc_a|A|hpc_project-1');
    await backend.deleteResource('hpc_a', { projectSlug: 'project-1' });
    expect(runner.calls).toEqual([
      S('show', 'account', 'hpc_a'),
      S('modify', 'account', 'hpc_a', 'set', 'GrpTRESMins=cpu=0,mem=0'),
    ]);
  });

  it('qos_management: per-account QoS removed', async () => {
    const { runner, backend } = setup({ qos_management: { enabled: true } });
    runner.on('show account hpc_a', 'hpc_a|A|hpc_project-1');
    runner.on('show qos hpc_a', 'hpc_a|0');
    await backend.deleteResource('hpc_a', { projectSlug: '' });
    expect(runner.calls.slice(1, 4)).toEqual([
      S('show', 'association', 'where', 'account=hpc_a'),
      S('show', 'qos', 'hpc_a'),
      S('remove', 'qos', 'where', 'name=hpc_a'),
    ]);
  });
});

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
