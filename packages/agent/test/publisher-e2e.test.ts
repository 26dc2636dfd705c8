// Issue 5 acceptance against the REAL pair, each side in its own process and meeting only on the wire: the
// publisher through its CLI (`waldur-publisher seed`, then `serve`: embedded PostgreSQL, outbox relay publishing to
// the real broker), the agent through its CLI (`waldur-site-agent -m event_process`, then `-m order_process`), and
// the @waldur-sim/slurm-mock executables the agent's SLURM backend runs. Everything is driven through the publisher's
// REST API as a Waldur user would (the publisher creates offering users itself), and checked in Waldur (REST) and
// in SLURM (sacctmgr output).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@waldur-sim/harness';
import type { ManagedProcess } from '@waldur-sim/harness';
import {
  SLURM_MOCK_BIN,
  startAgentProcess,
  waitForEventAgentReady,
  writeAgentConfig,
} from './helpers/agent-process.js';
import { startSeededPublisher, type SeededPublisher } from './helpers/publisher-process.js';
import { SlurmState } from './helpers/slurm-state.js';
import { WaldurRest } from './helpers/waldur-rest.js';

let workDir = '';
// Not under workDir: as root, embedded PostgreSQL runs as `postgres`, which cannot enter a 0700 mkdtemp folder.
const pgDataDir = join(tmpdir(), `agent-e2e-pg-${randomUUID().slice(0, 8)}`);
let publisher: SeededPublisher | null = null;
let agent: ManagedProcess | null = null;
let slurm: SlurmState;
let rest: WaldurRest;

function world(): SeededPublisher {
  if (publisher === null) throw new Error('publisher not started');
  return publisher;
}

/** Consumer creates and approves the order; resolves once the agent finished it. */
async function submitOrder(
  body: Record<string, unknown>,
): Promise<{ uuid: string; resourceUuid: string; state: string }> {
  const w = world();
  const order = await rest.createAndApproveOrder(w.tokens.consumer, w, body);
  const state = await rest.waitForOrderFinished(w.tokens.consumer, order.uuid);
  return { ...order, state };
}

function agentConfig(overrides: Record<string, unknown>, name: string): Record<string, unknown> {
  return {
    heartbeat_file: join(workDir, `heartbeat-${name}`),
    state_dir: join(workDir, 'state'),
    offerings: world().agentConfig.offerings.map((o) => ({
      ...o,
      stomp_retry_delay_seconds: 0.2,
      ...overrides,
    })),
  };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'agent-e2e-'));
  slurm = new SlurmState(join(workDir, 'slurm.json'));
  await slurm.reset();
  publisher = await startSeededPublisher({ dataDir: pgDataDir, slurmBinPath: SLURM_MOCK_BIN });
  rest = new WaldurRest(publisher.api);

  const config = agentConfig({}, 'event');
  const configFile = join(workDir, 'agent-event.yaml');
  await writeAgentConfig(configFile, config);
  agent = startAgentProcess({ mode: 'event_process', configFile, env: slurm.env });
  await waitForEventAgentReady(agent, config);
}, 180_000);

afterAll(async () => {
  await agent?.stop();
  await publisher?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  await rm(pgDataDir, { recursive: true, force: true });
}, 60_000);

describe('agent process × publisher process × slurm-mock (issue 5 acceptance)', () => {
  let resourceUuid = '';
  let backendId = '';

  it('an order created through the publisher reaches done with the accounts, limits and team associations', async () => {
    const order = await submitOrder({ limits: { cpu: 5, mem: 3 }, attributes: { name: 'alloc one' } });
    resourceUuid = order.resourceUuid;
    expect(order.state).toBe('done');
    const resource = await rest.call(
      world().tokens.providerOwner,
      'GET',
      `marketplace-provider-resources/${resourceUuid}/`,
    );
    expect(resource.body.state).toBe('OK');
    backendId = resource.body.backend_id;
    expect(backendId).toMatch(/^hpc_/);
    expect(resource.body.limits).toEqual({ cpu: 5, mem: 3 });

    const accounts = await slurm.accounts();
    const allocation = accounts.get(backendId);
    const project = accounts.get(allocation?.parent ?? '');
    const customer = accounts.get(project?.parent ?? '');
    expect(allocation?.limits).toBe('cpu=300000,mem=180G');
    expect(allocation?.parent).toMatch(/^hpc_/);
    expect(project?.parent).toMatch(/^hpc_/);
    expect(customer?.parent).toBe('root');
    // The publisher made the seeded consumer (project admin) an offering user with its Waldur username
    // (username_generation_policy: waldur_username); the agent adds the team right after set_state_done.
    await waitFor(
      'team association',
      async () => (await slurm.accounts()).get(backendId)?.users.includes('consumer-user') === true,
      { timeoutMs: 30_000 },
    );
  });

  it('an update order changes the limits in SLURM', async () => {
    const order = await submitOrder({
      type: 'Update',
      resource: `${world().api}marketplace-resources/${resourceUuid}/`,
      limits: { cpu: 8, mem: 3 },
    });
    expect(order.state).toBe('done');
    expect((await slurm.accounts()).get(backendId)?.limits).toBe('cpu=480000,mem=180G');
  });

  it('granting and revoking a project role adds and removes the SLURM association', async () => {
    // The seeded staff user is the one user outside the project (the publisher has no user-creation API). Granting
    // the role makes the publisher create its offering user ("staff"), then the user_role event reaches the agent.
    const w = world();
    const me = await rest.call(w.tokens.staff, 'GET', 'users/me/');
    expect(me.status).toBe(200);
    const project = `projects/${w.projectUuid}/`;
    const before = await rest.call(
      w.tokens.staff,
      'GET',
      `marketplace-offering-users/?user_uuid=${me.body.uuid}`,
    );
    expect(before.body).toEqual([]);
    const granted = await rest.call(w.tokens.staff, 'POST', `${project}add_user/`, {
      user: me.body.uuid,
      role: 'PROJECT.MEMBER',
    });
    expect(granted.status).toBe(201);
    await waitFor(
      'association added',
      async () => (await slurm.accounts()).get(backendId)?.users.includes('staff') === true,
      { timeoutMs: 30_000 },
    );
    const revoked = await rest.call(w.tokens.staff, 'POST', `${project}delete_user/`, {
      user: me.body.uuid,
      role: 'PROJECT.MEMBER',
    });
    expect(revoked.status).toBeLessThan(300);
    await waitFor(
      'association removed',
      async () => (await slurm.accounts()).get(backendId)?.users.includes('staff') === false,
      { timeoutMs: 30_000 },
    );
    expect((await slurm.accounts()).get(backendId)?.users).toContain('consumer-user');
  });

  it('a terminate order removes the allocation', async () => {
    const order = await submitOrder({
      type: 'Terminate',
      resource: `${world().api}marketplace-resources/${resourceUuid}/`,
    });
    expect(order.state).toBe('done');
    expect((await slurm.accounts()).has(backendId)).toBe(false);
    const resource = await rest.call(
      world().tokens.providerOwner,
      'GET',
      `marketplace-provider-resources/${resourceUuid}/`,
    );
    expect(resource.body.state).toBe('Terminated');
  });

  it('order_process (polling) mode reaches the same end state with the same processors', async () => {
    const stopped = await agent?.stop();
    expect(stopped).toEqual({ code: 0, signal: null });
    const config = agentConfig({ stomp_enabled: false }, 'poll');
    const configFile = join(workDir, 'agent-poll.yaml');
    await writeAgentConfig(configFile, config);
    agent = startAgentProcess({
      mode: 'order_process',
      configFile,
      env: {
        ...slurm.env,
        WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: '0.005',
        WALDUR_SITE_AGENT_TICK_SECONDS: '0.2',
      },
    });
    const order = await submitOrder({ limits: { cpu: 2, mem: 1 }, attributes: { name: 'polled alloc' } });
    expect(order.state).toBe('done');
    const resource = await rest.call(
      world().tokens.providerOwner,
      'GET',
      `marketplace-provider-resources/${order.resourceUuid}/`,
    );
    expect(resource.body.state).toBe('OK');
    const accounts = await slurm.accounts();
    expect(accounts.get(resource.body.backend_id)?.limits).toBe('cpu=120000,mem=60G');
    await waitFor(
      'team association (polling)',
      async () =>
        (await slurm.accounts()).get(resource.body.backend_id)?.users.includes('consumer-user') === true,
      { timeoutMs: 30_000 },
    );
    // The association is made inside the pass; the pass logs its end after the rest of its work. The wait fails
    // the test if no pass ever finishes.
    await waitFor(
      'a polling pass to finish',
      () => (agent?.records('Order processing pass finished').length ?? 0) > 0,
      { timeoutMs: 30_000 },
    );
  });
});
