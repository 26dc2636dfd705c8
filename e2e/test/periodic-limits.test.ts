// A SLURM periodic usage policy end to end (docs/protocol.md#resource_periodic_limits): the provider creates one
// for its offering, the publisher sends the settings of each allocation (resource_periodic_limits), the agent
// (periodic_limits enabled) applies them with sacctmgr on slurm-mock — fairshare, GrpTRESMins per TRES, raw usage
// reset — and reports the commands through report-command-result, which the publisher stores.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';
import { createAllocation } from './support/scenario.js';

const W = 'pl-';
const POLICIES = '/marketplace-slurm-periodic-usage-policies/';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;

interface CommandResult {
  readonly resource_uuid: string;
  readonly success: boolean;
  readonly error_message: string;
  readonly commands_executed: string[];
}

beforeAll(async () => {
  stack = await Stack.start({ name: 'periodic-limits', worlds: [W] });
  slurm = await stack.slurm();
  agent = await stack.agent({
    label: 'agent',
    worlds: [W],
    slurm,
    overrides: { backend_settings: { periodic_limits: { enabled: true } } },
  });
});

afterAll(async () => {
  await stack.stop();
});

test('a new policy reaches SLURM through the agent, and the publisher keeps the command result', async () => {
  const resource = await createAllocation(stack, W, 'Periodic', { cpu: 10, mem: 20 });
  const account = resource.backend_id;
  const owner = stack.owner(W);
  const policy = (await owner.post(POLICIES, {
    scope: stack.world(W).offeringUuid,
    actions: 'notify_organization_owners',
    grace_ratio: 0,
  })) as { uuid: string };

  // Limits plus the capped carryover (no usage before: +50 %): cpu 15 h, mem 30 h -> minutes; fairshare 45 // 3;
  // billing = 15 * 0.015625 + 30 * 0.001953125 h = 17 min.
  await waitFor(
    `fairshare and GrpTRESMins of ${account} on slurm-mock`,
    async () => {
      const snap = await SlurmSnapshot.of(slurm);
      const tres = snap.grpTresMins(account);
      return (
        snap.account(account)?.shares === 15 && tres.cpu === 900 && tres.mem === 1800 && tres.billing === 17
      );
    },
    {
      lastSeen: async () => {
        const snap = await SlurmSnapshot.of(slurm);
        return { shares: snap.account(account)?.shares, grpTresMins: snap.grpTresMins(account) };
      },
    },
  );

  const results = await waitFor('the command result in the publisher', async () => {
    const list = (await owner.get(`${POLICIES}${policy.uuid}/command-results/`)) as CommandResult[];
    return list.length > 0 ? list : undefined;
  });
  expect(results).toHaveLength(1);
  const [result] = results;
  expect(result).toMatchObject({ resource_uuid: resource.uuid, success: true, error_message: '' });
  const modifies = (result?.commands_executed ?? []).filter((c) => c.includes(' modify account '));
  expect(modifies.map((c) => c.slice(c.indexOf('modify account ')))).toEqual([
    `modify account ${account} set fairshare=15`,
    `modify account ${account} set GrpTRESMins=cpu=900`,
    `modify account ${account} set GrpTRESMins=mem=1800`,
    `modify account ${account} set GrpTRESMins=billing=17`,
    `modify account ${account} set RawUsage=0`,
  ]);
  expect(agent.messages().filter((m) => m.payload.policy_uuid === policy.uuid)).toHaveLength(1);
});

test("every request the agent made validates against Waldur's contract", () => {
  expectAgentTrafficValid(stack, [
    ...STARTUP_OPERATIONS,
    ...ORDER_OPERATIONS,
    'marketplace_slurm_periodic_usage_policies_report_command_result',
  ]);
});
