// Resource flags and reconciliation: paused / downscaled / restored become QOS changes on the allocation's
// SLURM account, limits changed on the cluster flow back to Waldur, and an `offering_resources_sync` request
// re-creates an account deleted behind the agent's back.
import type { ProviderResource } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { createAllocation } from './support/scenario.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';

const W = 'res-';
const PAUSED = 'paused';
const SLOW = 'slowdown';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'resources', worlds: [W] });
  slurm = await stack.slurm('slurm', [PAUSED, SLOW]);
  tap = await stack.tap([W]);
  agent = await stack.agent({
    label: 'agent',
    worlds: [W],
    slurm,
    overrides: { backend_settings: { qos_paused: PAUSED, qos_downscaled: SLOW, qos_default: 'normal' } },
  });
});

afterAll(async () => {
  await stack.stop();
});

async function waitForQos(resource: ProviderResource, qos: string): Promise<void> {
  await waitFor(
    `QOS ${qos} on ${resource.backend_id} (SLURM) and in backend_metadata (Waldur)`,
    async () => {
      const [snap, again] = await Promise.all([
        SlurmSnapshot.of(slurm),
        stack.owner(W).resource(resource.uuid),
      ]);
      return (
        JSON.stringify(snap.qos(resource.backend_id)?.qos) === JSON.stringify([qos]) &&
        again.backend_metadata.qos === qos
      );
    },
    {
      lastSeen: async () => ({
        slurm: (await SlurmSnapshot.of(slurm)).qos(resource.backend_id),
        waldur: (await stack.owner(W).resource(resource.uuid)).backend_metadata,
      }),
    },
  );
}

describe('resource flags and reconciliation', () => {
  test('paused, downscaled and restored resources switch the QOS of the SLURM account', async () => {
    const resource = await createAllocation(stack, W, 'Flags', { cpu: 3, mem: 3 });
    const owner = stack.owner(W);

    await owner.setResourceFlag(resource.uuid, 'paused', true);
    await waitForQos(resource, PAUSED);
    await tap.waitFor('resource', { resource_uuid: resource.uuid, paused: true, downscaled: false });

    await owner.setResourceFlag(resource.uuid, 'paused', false);
    await waitForQos(resource, 'normal');

    await owner.setResourceFlag(resource.uuid, 'downscaled', true);
    await waitForQos(resource, SLOW);
    await tap.waitFor('resource', { resource_uuid: resource.uuid, paused: false, downscaled: true });

    await owner.setResourceFlag(resource.uuid, 'downscaled', false);
    await waitForQos(resource, 'normal');

    // Four flag changes, four resource events, each processed by the agent.
    const events = tap.of('resource', { resource_uuid: resource.uuid });
    expect(events.map((e) => [e.payload.paused, e.payload.downscaled])).toEqual([
      [true, false],
      [false, false],
      [false, true],
      [false, false],
    ]);
    const processed = await waitFor('the agent to process the four resource events', () => {
      const mine = agent
        .messages()
        .filter(
          (m) =>
            m.objectType === 'resource' &&
            m.payload.resource_uuid === resource.uuid &&
            m.ackedAt !== undefined,
        );
      return mine.length >= 4 ? mine : undefined;
    });
    expect(processed).toHaveLength(4);
    const qosCommands = agent
      .slurmCommands()
      .filter((c) => c.argv.includes(resource.backend_id) && c.argv.some((a) => a.startsWith('qos=')));
    expect(qosCommands.map((c) => c.argv.find((a) => a.startsWith('qos=')))).toEqual([
      `qos=${PAUSED}`,
      'qos=normal',
      `qos=${SLOW}`,
      'qos=normal',
    ]);
  });

  test('limits changed on the cluster flow back to Waldur on the next resource event', async () => {
    const resource = await createAllocation(stack, W, 'Echo', { cpu: 5, mem: 5 });
    // A site admin changes the allocation behind the agent's back: 2 k-Hours cpu, 1 GB-Hours mem.
    await slurm.ok('sacctmgr', [
      '-i',
      'modify',
      'account',
      resource.backend_id,
      'set',
      'GrpTRESMins=cpu=120000,mem=61440',
    ]);
    await stack.owner(W).setResourceFlag(resource.uuid, 'downscaled', true);
    const updated = await waitFor('Waldur limits to follow the cluster', async () => {
      const r = await stack.owner(W).resource(resource.uuid);
      return r.limits.cpu === 2 && r.limits.mem === 1 ? r : undefined;
    });
    expect(updated.limits).toEqual({ cpu: 2, mem: 1 });
    await waitForQos(resource, SLOW);
    expect((await SlurmSnapshot.of(slurm)).grpTresMins(resource.backend_id)).toEqual({
      cpu: 120_000,
      mem: 61_440,
    });
    await tap.waitFor('resource', { resource_uuid: resource.uuid, downscaled: true });
  });

  test("offering_resources_sync re-creates a SLURM account deleted behind the agent's back", async () => {
    const resource = await createAllocation(stack, W, 'Gone', { cpu: 1, mem: 2 });
    await slurm.ok('sacctmgr', ['-i', 'remove', 'account', `where`, `name=${resource.backend_id}`]);
    expect((await SlurmSnapshot.of(slurm)).hasAccount(resource.backend_id)).toBe(false);

    const owner = stack.owner(W);
    await owner.requestOfferingResourcesSync(stack.world(W).offeringUuid);
    const snap = await waitFor('the account to be re-created', async () => {
      const s = await SlurmSnapshot.of(slurm);
      return s.hasAccount(resource.backend_id) ? s : undefined;
    });
    expect(snap.parentOf(resource.backend_id)).toBe(`hpc_${resource.project_slug}`);
    const me = await owner.me();
    const message = await tap.waitFor('offering_resources_sync', { requested_by_user_uuid: me.uuid });
    expect(message.offeringUuid).toBe(stack.world(W).offeringUuid);
    await agent.waitForMessage('offering_resources_sync', { requested_by_user_uuid: me.uuid });
    expect((await owner.resource(resource.uuid)).state).toBe('OK');
  });

  test("every request the agents made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_provider_resources_list',
      'marketplace_provider_resources_retrieve',
      'marketplace_provider_resources_team_list',
      'marketplace_provider_resources_set_limits',
      'marketplace_provider_resources_set_backend_metadata',
      'marketplace_provider_resources_refresh_last_sync',
    ]);
  });
});
