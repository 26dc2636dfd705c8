// The SLURM backend driving the REAL @waldur-sim/slurm-mock executables (child processes via execFile),
// checked against the mock's own state dump: create → limits → users → status → periodic → terminate.
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceSpec } from '../../src/backend/backend.js';
import { ExecFileCommandRunner } from '../../src/backend/command-runner.js';
import { SlurmBackend } from '../../src/slurm/slurm-backend.js';

const run = promisify(execFile);
const log = pino({ level: 'silent' });

/** bin/ of the installed @waldur-sim/slurm-mock dependency (what `slurm_bin_path` points at). */
const BIN = realpathSync(
  fileURLToPath(new URL('../../node_modules/@waldur-sim/slurm-mock/bin', import.meta.url)),
);
const NOW = new Date('2026-03-10T12:00:00Z');

interface MockAssoc {
  account: string;
  user: string;
  partition: string;
  parentAccount: string;
  grpTresMins: Record<string, number>;
  grpSubmitJobs: number | null;
  qos: string[] | null;
  shares: number | 'parent';
}
interface MockState {
  accounts: { name: string; description: string; organization: string }[];
  users: { name: string; defaultAccount: string }[];
  associations: MockAssoc[];
  jobs: { id: number; account: string; user: string; state: string }[];
}

let dir: string;
let env: Record<string, string>;

async function mock(...args: string[]): Promise<string> {
  return (await run(join(BIN, 'slurm-mock'), args, { env })).stdout;
}
async function state(): Promise<MockState> {
  return JSON.parse(await mock('show')) as MockState;
}
const accountAssoc = (s: MockState, account: string): MockAssoc | undefined =>
  s.associations.find((a) => a.account === account && a.user === '');
const userAssocs = (s: MockState, account: string): string[] =>
  s.associations
    .filter((a) => a.account === account && a.user !== '')
    .map((a) => a.user)
    .sort();

function spec(overrides: Partial<ResourceSpec> = {}): ResourceSpec {
  return {
    uuid: 'res-1',
    name: 'Deep Learning',
    slug: 'deep-learning',
    backendId: null,
    projectUuid: 'p1',
    projectSlug: 'proj-a',
    projectName: 'Project "A"',
    customerUuid: 'c1',
    customerSlug: 'cust-a',
    customerName: 'Customer A',
    offeringUuid: 'o1',
    offeringPluginOptions: {},
    limits: { cpu: 10, mem: 10 },
    ...overrides,
  };
}

function backendFor(settings: Record<string, unknown> = {}): SlurmBackend {
  return new SlurmBackend(
    {
      default_account: 'root',
      customer_prefix: 'hpc_',
      project_prefix: 'hpc_',
      allocation_prefix: 'hpc_',
      slurm_bin_path: BIN,
      cluster_name: 'linux',
      qos_paused: 'paused',
      qos_downscaled: 'slowdown',
      enable_user_homedir_account_creation: false,
      periodic_limits: { enabled: true },
      ...settings,
    },
    {
      cpu: { accounting_type: 'limit', unit_factor: 60000, measured_unit: 'k-Hours', label: 'CPU' },
      mem: { accounting_type: 'limit', unit_factor: 61440, measured_unit: 'GB-Hours', label: 'RAM' },
    },
    { runner: new ExecFileCommandRunner({ env }), log, now: () => NOW },
  );
}

beforeAll(async () => {
  if (!existsSync(join(BIN, 'sacctmgr')) || !existsSync(join(BIN, '..', 'dist', 'cli.cjs'))) {
    throw new Error(`slurm-mock is not built (${BIN}); run: pnpm --filter @waldur-sim/slurm-mock build`);
  }
  dir = mkdtempSync(join(tmpdir(), 'agent-slurm-mock-'));
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && k !== 'NODE_EXTRA_CA_CERTS') base[k] = v;
  env = { ...base, SLURM_MOCK_STATE: join(dir, 'state.json') };
  await mock('reset');
  await mock('clock', 'set', NOW.toISOString());
  // `paused` is in slurm-mock's initial state (the QoS the seeded agent config names); `slowdown` is not.
  await run(join(BIN, 'sacctmgr'), ['-i', 'add', 'qos', 'slowdown'], { env });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('SlurmBackend × slurm-mock executables', () => {
  const backend = (): SlurmBackend => backendFor();
  const ALLOC = 'hpc_deep-learning';

  it('reports the version and pings', async () => {
    const b = backend();
    expect(await b.version()).toMatch(/^slurm \d+\.\d+/);
    expect(await b.ping()).toBe(true);
  });

  it('create: customer → project → allocation with GrpTRESMins', async () => {
    const b = backend();
    const created = await b.createResource(spec(), { usernames: [] });
    expect(created).toEqual({ backendId: ALLOC, limits: { cpu: 10, mem: 10 } });
    const s = await state();
    const names = s.accounts.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['hpc_cust-a', 'hpc_proj-a', ALLOC]));
    expect(s.accounts.find((a) => a.name === ALLOC)?.organization).toBe('hpc_proj-a');
    expect(accountAssoc(s, 'hpc_cust-a')?.parentAccount).toBe('root');
    expect(accountAssoc(s, 'hpc_proj-a')?.parentAccount).toBe('hpc_cust-a');
    expect(accountAssoc(s, ALLOC)?.parentAccount).toBe('hpc_proj-a');
    // TRES ids 1 = cpu, 2 = mem (MB)
    expect(accountAssoc(s, ALLOC)?.grpTresMins).toEqual({ '1': 600000, '2': 614400 });
  });

  it('create again with the same id is a duplicate; pull finds it', async () => {
    const b = backend();
    await expect(b.createResourceWithId(spec(), ALLOC, { usernames: [] })).rejects.toMatchObject({
      code: 'ERR_DUPLICATE_RESOURCE',
    });
    expect(await b.pullResource(ALLOC)).toEqual({
      backendId: ALLOC,
      limits: { cpu: 10, mem: 10 },
      users: [],
    });
    expect(await b.pullResource('hpc_missing')).toBeNull();
  });

  it('limits: update and read back in Waldur units', async () => {
    const b = backend();
    await b.setResourceLimits(ALLOC, { cpu: 20, mem: 5 });
    expect(accountAssoc(await state(), ALLOC)?.grpTresMins).toEqual({ '1': 1200000, '2': 307200 });
    expect(await b.getResourceLimits(ALLOC)).toEqual({ cpu: 20, mem: 5 });
  });

  it('add users: associations with DefaultAccount and Share=parent; idempotent', async () => {
    const b = backend();
    expect(await b.addUser(ALLOC, 'alice')).toBe(true);
    expect(await b.addUser(ALLOC, 'root')).toBe(true);
    expect(await b.addUser(ALLOC, 'alice')).toBe(true);
    const s = await state();
    expect(userAssocs(s, ALLOC)).toEqual(['alice', 'root']);
    expect(s.associations.find((a) => a.account === ALLOC && a.user === 'alice')?.shares).toBe('parent');
    expect(s.users.find((u) => u.name === 'alice')?.defaultAccount).toBe('root');
    expect((await b.listResourceUsers(ALLOC)).sort()).toEqual(['alice', 'root']);
  });

  it('remove user: a Unix user with a running job gets it cancelled first', async () => {
    const b = backend();
    await mock('job', 'create', '--account', ALLOC, '--user', 'root', '--state', 'RUNNING');
    expect(await b.removeUser(ALLOC, 'root')).toBe(true);
    const s = await state();
    expect(userAssocs(s, ALLOC)).toEqual(['alice']);
    const job = s.jobs.find((j) => j.account === ALLOC && j.user === 'root');
    expect(job?.state).toBe('CANCELLED');
    // removing an absent association is a no-op
    expect(await b.removeUser(ALLOC, 'root')).toBe(true);
  });

  it('usage report for the billing month in Waldur units', async () => {
    const b = backend();
    await mock('usage', 'inject', '--account', ALLOC, '--user', 'alice', '--node-hours', '2');
    const report = await b.getUsageReport([ALLOC]);
    // 2 node-hours × 64 cpu = 7680 CPU-minutes → 0.128 k-Hours; 512 GB × 120 min = 62914560 MB-min → 1024.
    // root's job was cancelled at once (elapsed 0) but still is a row of this month.
    expect(report[ALLOC]).toEqual({
      alice: { cpu: 0.13, mem: 1024 },
      root: { cpu: 0, mem: 0 },
      TOTAL_ACCOUNT_USAGE: { cpu: 0.13, mem: 1024 },
    });
  });

  it('pause / downscale / restore via QoS; metadata follows', async () => {
    const b = backend();
    expect(await b.pauseResource(ALLOC)).toBe(true);
    expect(accountAssoc(await state(), ALLOC)?.qos).toEqual(['paused']);
    expect(await b.getResourceMetadata(ALLOC)).toEqual({ qos: 'paused' });
    expect(await b.downscaleResource(ALLOC)).toBe(true);
    expect(await b.getResourceMetadata(ALLOC)).toEqual({ qos: 'slowdown' });
    expect(await b.restoreResource(ALLOC)).toBe(true);
    expect(accountAssoc(await state(), ALLOC)?.qos).toEqual(['normal']);
    expect(await b.restoreResource(ALLOC)).toBe(false);
    expect(await b.getResourceMetadata(ALLOC)).toEqual({ qos: 'normal' });
  });

  it('QoS enforcement lever: GrpSubmitJobs 0 / -1', async () => {
    const b = backendFor({ qos_enforcement_enabled: true, enforce_offering_qos: true });
    await b.pauseResource(ALLOC);
    expect(accountAssoc(await state(), ALLOC)?.grpSubmitJobs).toBe(0);
    await b.restoreResource(ALLOC);
    expect(accountAssoc(await state(), ALLOC)?.grpSubmitJobs).toBeNull();
  });

  it('periodic settings: reads first, then modifies; values land in the association', async () => {
    const b = backend();
    const result = await b.applyPeriodicSettings(ALLOC, {
      fairshare: 300,
      grp_tres_mins: { cpu: 1200000, billing: 500 },
      reset_raw_usage: true,
    });
    expect(result.success).toBe(true);
    // Like real sacctmgr, `list account format=…` (no WithAssoc) shows no association limits or fairshare,
    // so the diff finds nothing current and every requested value is written.
    expect(result.commandsExecuted.map((c) => c.slice(c.indexOf(' --immediate ') + 13))).toEqual([
      `list account format=account,fairshare where account=${ALLOC} cluster=linux`,
      `modify account ${ALLOC} cluster=linux set fairshare=300`,
      `list account format=account,grptres,grptresmin,maxtres,maxtresmin where account=${ALLOC} cluster=linux`,
      `modify account ${ALLOC} cluster=linux set GrpTRESMins=cpu=1200000`,
      `modify account ${ALLOC} cluster=linux set GrpTRESMins=billing=500`,
      `modify account ${ALLOC} cluster=linux set RawUsage=0`,
    ]);
    const assoc = accountAssoc(await state(), ALLOC) as MockAssoc & { shares: number };
    expect(assoc.grpTresMins).toEqual({ '1': 1200000, '2': 307200, '5': 500 });
    expect(assoc.shares).toBe(300);
  });

  it('project moved to another customer: reparented', async () => {
    const b = backend();
    await b.syncResourceProject(
      spec({ backendId: ALLOC, customerSlug: 'cust-b', customerName: 'Customer B' }),
    );
    const s = await state();
    expect(accountAssoc(s, 'hpc_cust-b')?.parentAccount).toBe('root');
    expect(accountAssoc(s, 'hpc_proj-a')?.parentAccount).toBe('hpc_cust-b');
    expect(accountAssoc(s, ALLOC)?.parentAccount).toBe('hpc_proj-a');
  });

  it('terminate: users and allocation removed, project removed when empty, customers kept', async () => {
    const b = backend();
    // a second allocation keeps the project alive on the first termination
    const other = await b.createResource(
      spec({ uuid: 'res-2', slug: 'second', name: 'Second', limits: {} }),
      { usernames: [] },
    );
    await b.deleteResource(ALLOC, { projectSlug: 'proj-a' });
    // With cluster_name the removal is cluster-scoped: the associations go (the account record may stay).
    let s = await state();
    expect(s.associations.filter((a) => a.account === ALLOC)).toEqual([]);
    expect(await b.pullResource(ALLOC)).toBeNull();
    expect(accountAssoc(s, 'hpc_proj-a')).toBeDefined();
    await b.deleteResource(other.backendId, { projectSlug: 'proj-a' });
    s = await state();
    expect(s.associations.filter((a) => a.account === other.backendId || a.account === 'hpc_proj-a')).toEqual(
      [],
    );
    expect(accountAssoc(s, 'hpc_cust-a')).toBeDefined();
    expect(accountAssoc(s, 'hpc_cust-b')).toBeDefined();
    // terminating again is a no-op
    await expect(b.deleteResource(ALLOC, { projectSlug: 'proj-a' })).resolves.toBeUndefined();
  });

  it('without cluster_name and with partitions enforced', async () => {
    const b = backendFor({
      cluster_name: null,
      enforce_offering_partitions: true,
      default_account_policy: 'individual',
    });
    b.configureOffering({ partitions: ['compute'] });
    const created = await b.createResource(
      spec({ uuid: 'res-3', slug: 'Third', name: 'Third', projectSlug: 'proj-c', limits: { cpu: 1 } }),
      { usernames: [] },
    );
    expect(created.backendId).toBe('hpc_third');
    expect(await b.addUser(created.backendId, 'carol')).toBe(true);
    const s = await state();
    const assoc = s.associations.find((a) => a.account === 'hpc_third' && a.user === 'carol');
    expect(assoc?.partition).toBe('compute');
    expect(s.users.find((u) => u.name === 'carol')?.defaultAccount).toBe('hpc_third');
    await b.deleteResource(created.backendId, { projectSlug: 'proj-c' });
    const names = (await state()).accounts.map((a) => a.name);
    expect(names).not.toContain('hpc_third');
    expect(names).not.toContain('hpc_proj-c');
    expect(names).toContain('hpc_cust-a');
  });
});
