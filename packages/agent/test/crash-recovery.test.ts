// The crash window between the backend effect and Waldur's record of it, with real processes: the agent (its CLI,
// event_process) is made to die with exit code 137 — what a SIGKILL looks like — right after SLURM created the
// allocation account and before `set_backend_id` reached Waldur (test-only hook WALDUR_SITE_AGENT_TEST_CRASH_AFTER).
// The order message was never acked, so the broker redelivers it to the restarted agent, which must adopt the
// account it created (create-intent journal in state_dir) and finish the order `done` with exactly one allocation.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const pgDataDir = join(tmpdir(), `agent-crash-pg-${randomUUID().slice(0, 8)}`);
let publisher: SeededPublisher | null = null;
const agents: ManagedProcess[] = [];
let slurm: SlurmState;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'agent-crash-'));
  slurm = new SlurmState(join(workDir, 'slurm.json'));
  await slurm.reset();
  publisher = await startSeededPublisher({ dataDir: pgDataDir, slurmBinPath: SLURM_MOCK_BIN });
}, 180_000);

afterAll(async () => {
  for (const a of agents) await a.stop();
  await publisher?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  await rm(pgDataDir, { recursive: true, force: true });
}, 60_000);

describe('agent killed between the SLURM create and set_backend_id', () => {
  it('the restarted agent adopts the allocation it created: order done, exactly one allocation, journal pruned', async () => {
    if (publisher === null) throw new Error('publisher not started');
    const w = publisher;
    const rest = new WaldurRest(w.api);
    const stateDir = join(workDir, 'state');
    const config = {
      heartbeat_file: join(workDir, 'heartbeat'),
      state_dir: stateDir,
      offerings: w.agentConfig.offerings.map((o) => ({ ...o, stomp_retry_delay_seconds: 0.2 })),
    };
    const configFile = join(workDir, 'agent.yaml');
    await writeAgentConfig(configFile, config);

    // 1. An agent armed to die right after the backend create.
    const doomed = startAgentProcess({
      name: 'agent-doomed',
      mode: 'event_process',
      configFile,
      env: { ...slurm.env, WALDUR_SITE_AGENT_TEST_CRASH_AFTER: 'backend-create' },
    });
    agents.push(doomed);
    await waitForEventAgentReady(doomed, config);
    const order = await rest.createAndApproveOrder(w.tokens.consumer, w, {
      limits: { cpu: 5, mem: 3 },
      attributes: { name: 'crash alloc' },
    });
    const death = await doomed.exited;
    expect(death).toEqual({ code: 137, signal: null });
    expect(doomed.records('Backend resource created').length > 0).toBe(true);

    // The window: SLURM has the allocation, Waldur does not know it, the journal does.
    const before = await rest.call(
      w.tokens.providerOwner,
      'GET',
      `marketplace-provider-resources/${order.resourceUuid}/`,
    );
    expect(before.body.backend_id).toBe('');
    expect(await rest.orderState(w.tokens.consumer, order.uuid)).toBe('executing');
    const projectAccount = `hpc_${before.body.project_slug}`;
    const created = await slurm.childrenOf(projectAccount);
    expect(created).toHaveLength(1);
    const [allocation = ''] = created;
    const journalFiles = await readdir(stateDir);
    expect(journalFiles).toEqual([`create-intents-${w.offeringUuid}.json`]);
    const journal = JSON.parse(await readFile(join(stateDir, journalFiles[0] ?? ''), 'utf8')) as {
      intents: Record<string, { backend_id: string }>;
    };
    expect(journal.intents[order.resourceUuid]?.backend_id).toBe(allocation);

    // 2. Restart without the hook: the redelivered order (never acked) is adopted, not created again.
    const restarted = startAgentProcess({
      name: 'agent-restarted',
      mode: 'event_process',
      configFile,
      env: slurm.env,
    });
    agents.push(restarted);
    expect(await rest.waitForOrderFinished(w.tokens.consumer, order.uuid)).toBe('done');
    const after = await rest.call(
      w.tokens.providerOwner,
      'GET',
      `marketplace-provider-resources/${order.resourceUuid}/`,
    );
    expect(after.body).toMatchObject({ state: 'OK', backend_id: allocation, limits: { cpu: 5, mem: 3 } });
    expect(await slurm.childrenOf(projectAccount)).toEqual([allocation]);
    expect((await slurm.accounts()).get(allocation)?.limits).toBe('cpu=300000,mem=180G');
    expect(
      restarted.records('Adopting the backend resource this agent created before it could report it').length >
        0,
    ).toBe(true);
    expect(await readdir(stateDir)).toEqual([]);
  });
});
