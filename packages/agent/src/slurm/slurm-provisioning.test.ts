// Create and terminate sequences of the SLURM backend (docs/slurm.md#account-naming, docs/slurm.md#lifecycle-sequences) against a recording runner.
import { describe, expect, it } from 'vitest';
import type { BackendError } from '../backend/errors.js';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from './slurm-backend.js';
import {
  BASE_SETTINGS,
  COMPONENTS,
  S,
  log,
  setupSlurmBackend as setup,
  spec,
} from '../testing/slurm-backend-setup.js';

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
