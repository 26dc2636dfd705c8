// Issue 5 acceptance against the REAL pair: the @waldur-sim/publisher (its own embedded PostgreSQL, outbox relay
// publishing to the real broker), the agent in event_process mode, and the @waldur-sim/slurm-mock executables
// driven by the real SLURM backend. Everything is driven through the publisher's REST API, as a Waldur user would,
// and checked in Waldur (REST) and in SLURM (sacctmgr output).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, loadConfig, runSeed, startServer, type RunningPublisher, type SeedResult } from '@waldur-sim/publisher';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnvSettings } from '../src/config/env-settings.js';
import { parseConfig } from '../src/config/load-config.js';
import { EventProcessAgent } from '../src/runtime/event-process.js';
import { PollingAgent } from '../src/runtime/polling-agent.js';
import { eventually } from './helpers/broker-fixture.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../node_modules/@waldur-sim/slurm-mock/bin', import.meta.url));
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let workDir = '';
// Not under workDir: as root, embedded PostgreSQL runs as `postgres`, which cannot enter a 0700 mkdtemp folder.
const pgDataDir = join(tmpdir(), `agent-e2e-pg-${randomUUID().slice(0, 8)}`);
let publisher: RunningPublisher | null = null;
let agent: EventProcessAgent | null = null;
let seed: SeedResult;
let poller: PollingAgent | null = null;
let api = '';
const slurmEnv: NodeJS.ProcessEnv = {};

interface RestBody {
  uuid: string;
  state: string;
  backend_id: string;
  marketplace_resource_uuid: string;
  limits: Record<string, number>;
}

/** A REST call as a Waldur user (test data: the body is read as the Waldur fields tests look at). */
async function rest(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: RestBody }> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as RestBody };
}

/** `sacctmgr list assoc`: account -> { parent, users, limits }. */
async function slurmAssociations(): Promise<Map<string, { parent: string; users: string[]; limits: string }>> {
  const { stdout } = await run(join(BIN, 'sacctmgr'), ['-P', '-n', 'list', 'assoc', 'format=account,parentname,user,grptresmins'], {
    env: { ...process.env, ...slurmEnv },
  });
  const out = new Map<string, { parent: string; users: string[]; limits: string }>();
  for (const line of stdout.trim().split('\n')) {
    const [account = '', parent = '', user = '', limits = ''] = line.split('|');
    const entry = out.get(account) ?? { parent: '', users: [], limits: '' };
    if (user === '') {
      entry.parent = parent;
      entry.limits = limits;
    } else entry.users.push(user);
    out.set(account, entry);
  }
  return out;
}

async function orderState(uuid: string): Promise<string> {
  const r = await rest(seed.consumer.user.token, 'GET', `marketplace-orders/${uuid}/`);
  return r.body.state;
}

/** Consumer creates the order and approves it; returns the order uuid once the agent finished it. */
async function submitOrder(body: Record<string, unknown>): Promise<{ uuid: string; resourceUuid: string }> {
  const token = seed.consumer.user.token;
  const created = await rest(token, 'POST', 'marketplace-orders/', {
    offering: `${api}marketplace-provider-offerings/${seed.offering.id}/`,
    project: `${api}projects/${seed.consumer.projectId}/`,
    plan: `${api}marketplace-plans/${seed.offering.planId}/`,
    ...body,
  });
  expect(created.status).toBe(201);
  const approved = await rest(token, 'POST', `marketplace-orders/${created.body.uuid}/approve_by_consumer/`, {});
  expect(approved.status).toBe(200);
  await eventually(async () => ['done', 'erred'].includes(await orderState(created.body.uuid)), 30_000, 'order finished by the agent');
  return { uuid: created.body.uuid, resourceUuid: created.body.marketplace_resource_uuid };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'agent-e2e-'));
  slurmEnv.SLURM_MOCK_STATE = join(workDir, 'slurm.json');
  // The SLURM backend runs the mock through execFile with the agent's environment.
  process.env.SLURM_MOCK_STATE = slurmEnv.SLURM_MOCK_STATE;
  await run(join(BIN, 'slurm-mock'), ['reset'], { env: { ...process.env, ...slurmEnv } }).catch((err: unknown) => {
    throw new Error(`slurm-mock does not run (build it: pnpm --filter @waldur-sim/slurm-mock build): ${String(err)}`);
  });

  const broker = brokerFromEnv();
  const port = await freePort();
  const config = loadConfig(
    {
      port,
      dataDir: pgDataDir,
      rabbitmqUrl: broker.amqpUrl,
      rabbitmqManagementUrl: broker.managementUrl,
      rabbitmqWebStompUrl: broker.webStompUrl,
      logLevel: 'warn',
    },
    {},
  );
  publisher = await startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' }));
  api = `${config.publicUrl}/api/`;
  seed = await runSeed(publisher.database.prisma, { publicUrl: config.publicUrl, webStompUrl: config.rabbitmqWebStompUrl, slurmBinPath: BIN });

  // The publisher has no API that creates offering users yet: give the seeded consumer (a project admin) an
  // offering user with a username directly in its database, so the team has a SLURM user.
  await publisher.database.prisma.offeringUser.create({
    data: { id: randomUUID().replaceAll('-', ''), offeringId: seed.offering.id, userId: seed.consumer.user.id, username: 'consumer1', state: 'OK' },
  });

  const { config: agentConfig } = parseConfig({
    heartbeat_file: join(workDir, 'heartbeat'),
    offerings: seed.agentConfig.offerings.map((o) => ({ ...o, stomp_retry_delay_seconds: 0.2 })),
  });
  agent = new EventProcessAgent(agentConfig, readEnvSettings({}), { log });
  agent.start();
  await eventually(() => agent?.consumers.filter((c) => c.currentState === 'connected').length === 8, 60_000, 'all consumers connected');
}, 180_000);

afterAll(async () => {
  await poller?.stop();
  await agent?.stop();
  await publisher?.close();
  delete process.env.SLURM_MOCK_STATE;
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  await rm(pgDataDir, { recursive: true, force: true });
}, 60_000);

describe('agent × publisher × slurm-mock (issue 5 acceptance)', () => {
  let resourceUuid = '';
  let backendId = '';

  it('an order created through the publisher reaches done with the accounts, limits and team associations', async () => {
    const order = await submitOrder({ limits: { cpu: 5, mem: 3 }, attributes: { name: 'alloc one' } });
    resourceUuid = order.resourceUuid;
    expect(await orderState(order.uuid)).toBe('done');
    const resource = await rest(
      seed.provider.owner.token,
      'GET',
      `marketplace-provider-resources/${resourceUuid}/`,
    );
    expect(resource.body.state).toBe('OK');
    backendId = resource.body.backend_id;
    expect(backendId).toMatch(/^hpc_/);
    expect(resource.body.limits).toEqual({ cpu: 5, mem: 3 });

    const assoc = await slurmAssociations();
    const allocation = assoc.get(backendId);
    const project = assoc.get(allocation?.parent ?? '');
    const customer = assoc.get(project?.parent ?? '');
    expect(allocation?.limits).toBe('cpu=300000,mem=180G');
    // Team members are added right after set_state_done (the real agent's _post_process_order).
    await eventually(async () => (await slurmAssociations()).get(backendId)?.users.includes('consumer1') === true, 30_000, 'team association');
    expect(allocation?.parent).toMatch(/^hpc_/);
    expect(project?.parent).toMatch(/^hpc_/);
    expect(customer?.parent).toBe('root');
  });

  it('an update order changes the limits in SLURM', async () => {
    const order = await submitOrder({ type: 'Update', resource: `${api}marketplace-resources/${resourceUuid}/`, limits: { cpu: 8, mem: 3 } });
    expect(await orderState(order.uuid)).toBe('done');
    expect((await slurmAssociations()).get(backendId)?.limits).toBe('cpu=480000,mem=180G');
  });

  it('granting and revoking a project role adds and removes the SLURM association', async () => {
    // As above, the new user's offering user is seeded in the publisher's database (no API creates it yet); the
    // role change itself goes through its REST API and the user_role event.
    const prisma = publisher?.database.prisma;
    if (prisma === undefined) throw new Error('publisher not started');
    const userId = randomUUID().replaceAll('-', '');
    await prisma.user.create({ data: { id: userId, username: 'alice', token: randomUUID().replaceAll('-', '').padEnd(40, '0') } });
    await prisma.offeringUser.create({
      data: { id: randomUUID().replaceAll('-', ''), offeringId: seed.offering.id, userId, username: 'alice', state: 'OK' },
    });
    const staff = seed.staff.token;
    const project = `projects/${seed.consumer.projectId}/`;
    const granted = await rest(staff, 'POST', `${project}add_user/`, { user: userId, role: 'PROJECT.MEMBER' });
    expect(granted.status).toBe(201);
    await eventually(async () => (await slurmAssociations()).get(backendId)?.users.includes('alice') === true, 30_000, 'association added');
    const revoked = await rest(staff, 'POST', `${project}delete_user/`, { user: userId, role: 'PROJECT.MEMBER' });
    expect(revoked.status).toBeLessThan(300);
    await eventually(async () => (await slurmAssociations()).get(backendId)?.users.includes('alice') === false, 30_000, 'association removed');
  });

  it('a terminate order removes the allocation', async () => {
    const order = await submitOrder({ type: 'Terminate', resource: `${api}marketplace-resources/${resourceUuid}/` });
    expect(await orderState(order.uuid)).toBe('done');
    expect((await slurmAssociations()).has(backendId)).toBe(false);
    const resource = await rest(seed.provider.owner.token, 'GET', `marketplace-provider-resources/${resourceUuid}/`);
    expect(resource.body.state).toBe('Terminated');
  });

  it('order_process (polling) mode reaches the same end state with the same processors', async () => {
    await agent?.stop();
    agent = null;
    const { config } = parseConfig({
      heartbeat_file: join(workDir, 'heartbeat-poll'),
      offerings: seed.agentConfig.offerings.map((o) => ({ ...o, stomp_enabled: false })),
    });
    poller = new PollingAgent(
      'order_process',
      config,
      readEnvSettings({ WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: '0.005', WALDUR_SITE_AGENT_TICK_SECONDS: '0.2' }),
      { log },
    );
    poller.start();
    const order = await submitOrder({ limits: { cpu: 2, mem: 1 }, attributes: { name: 'polled alloc' } });
    expect(await orderState(order.uuid)).toBe('done');
    const resource = await rest(seed.provider.owner.token, 'GET', `marketplace-provider-resources/${order.resourceUuid}/`);
    expect(resource.body.state).toBe('OK');
    expect((await slurmAssociations()).get(resource.body.backend_id)?.limits).toBe('cpu=120000,mem=60G');
  });
});
