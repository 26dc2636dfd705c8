// Membership end to end: project roles granted and revoked, project- and resource-scoped role syncs, and an
// offering username set only after the allocation existed (the race the real agent fixed with username_set).
// Offering users appear the Waldur way (a member meets the offering; the seeded offering names them after the
// Waldur username); SLURM associations follow Waldur's team through the agent.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { createAllocation } from './support/scenario.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';

const W = 'mem-';
const ROLE = 'PROJECT.MEMBER';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'membership', worlds: [W] });
  slurm = await stack.slurm();
  tap = await stack.tap([W]);
  agent = await stack.agent({ label: 'agent', worlds: [W], slurm });
});

afterAll(async () => {
  await stack.stop();
});

async function users(account: string): Promise<string[]> {
  return (await SlurmSnapshot.of(slurm)).users(account);
}

async function waitForUsers(account: string, expected: readonly string[]): Promise<void> {
  const want = [...expected].sort();
  await waitFor(
    `users of ${account} to be [${want.join(', ')}]`,
    async () => JSON.stringify(await users(account)) === JSON.stringify(want),
    {
      lastSeen: () => users(account),
    },
  );
}

/** The offering usernames of the resource's team, as Waldur reports them to the agent. */
async function teamUsernames(resourceUuid: string): Promise<string[]> {
  const team = await stack.owner(W).team(resourceUuid);
  return team.map((m) => m.offeringUsername ?? '').filter((u) => u !== '');
}

describe('membership', () => {
  test('project role granted / revoked -> SLURM association added / removed', async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Team', { cpu: 1, mem: 1 });
    const before = await teamUsernames(resource.uuid);
    await waitForUsers(resource.backend_id, before);
    const colleague = await stack.owner(W).me();
    expect(before).not.toContain(colleague.username);

    await stack.consumer(W).grantProjectRole(world.projectUuid, colleague.uuid, ROLE);
    // Waldur gave the new member an offering user named after them, then announced the role.
    const [offeringUser] = await stack
      .owner(W)
      .offeringUsers({ offering_uuid: world.offeringUuid, user_uuid: colleague.uuid });
    expect(offeringUser?.username).toBe(colleague.username);
    await waitForUsers(resource.backend_id, [...before, colleague.username]);
    const granted = await tap.waitFor('user_role', { user_uuid: colleague.uuid, granted: true });
    expect(granted.payload).toMatchObject({
      project_uuid: world.projectUuid,
      role_name: ROLE,
      user_username: colleague.username,
    });
    await agent.waitForMessage('user_role', { user_uuid: colleague.uuid, granted: true });

    await stack.consumer(W).revokeProjectRole(world.projectUuid, colleague.uuid, ROLE);
    await waitForUsers(resource.backend_id, before);
    await tap.waitFor('user_role', { user_uuid: colleague.uuid, granted: false });
    await agent.waitForMessage('user_role', { user_uuid: colleague.uuid, granted: false });
    const commands = agent.slurmCommands().map((c) => c.argv.join(' '));
    expect(commands).toContainEqual(
      expect.stringContaining(`add user ${colleague.username} account=${resource.backend_id}`),
    );
    expect(commands).toContainEqual(
      expect.stringMatching(new RegExp(`remove user .*${colleague.username}.*${resource.backend_id}`)),
    );
  });

  test('a project role sync puts SLURM back in line with the team', async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Sync', { cpu: 1, mem: 1 });
    const colleague = await stack.owner(W).me();
    await stack.consumer(W).grantProjectRole(world.projectUuid, colleague.uuid, ROLE);
    const team = await teamUsernames(resource.uuid);
    expect(team).toContain(colleague.username);
    await waitForUsers(resource.backend_id, team);

    // Behind the agent's back: the colleague's association is lost and a stranger gets one.
    await slurm.ok('sacctmgr', [
      '-i',
      'remove',
      'user',
      'where',
      `name=${colleague.username}`,
      `account=${resource.backend_id}`,
    ]);
    await slurm.ok('sacctmgr', ['-i', 'add', 'user', 'stranger', `account=${resource.backend_id}`]);
    expect(await users(resource.backend_id)).toContain('stranger');

    try {
      await stack.staff(W).requestProjectRoleSync(world.projectUuid);
      await waitForUsers(resource.backend_id, team);
      // A sync message names the project and nothing else: no user_uuid, no resource_uuid.
      const sync = { project_uuid: world.projectUuid, user_uuid: undefined, resource_uuid: undefined };
      const projectSync = await tap.waitFor('user_role', sync);
      expect(projectSync.payload).toMatchObject({
        project_name: resource.project_name,
        offering_uuid: world.offeringUuid,
      });
      await agent.waitForMessage('user_role', sync);
    } finally {
      await stack.consumer(W).revokeProjectRole(world.projectUuid, colleague.uuid, ROLE);
    }
  });

  test('a resource role sync puts one allocation back in line with the team', async () => {
    const resource = await createAllocation(stack, W, 'Rsync', { cpu: 1, mem: 1 });
    const team = await teamUsernames(resource.uuid);
    await waitForUsers(resource.backend_id, team);
    await slurm.ok('sacctmgr', ['-i', 'add', 'user', 'stranger', `account=${resource.backend_id}`]);
    expect(await users(resource.backend_id)).toContain('stranger');

    await stack.owner(W).requestResourceRoleSync(resource.uuid);
    await waitForUsers(resource.backend_id, team);
    const resourceSync = await tap.waitFor('user_role', { resource_uuid: resource.uuid });
    expect(resourceSync.payload).toMatchObject({ project_uuid: stack.world(W).projectUuid });
    await agent.waitForMessage('user_role', { resource_uuid: resource.uuid });
  });

  test('offering username set after the order was processed -> username_set -> association appears', async () => {
    const world = stack.world(W);
    const me = await stack.consumer(W).me();
    const [offeringUser] = await stack
      .owner(W)
      .offeringUsers({ offering_uuid: world.offeringUuid, user_uuid: me.uuid });
    if (offeringUser === undefined) throw new Error('the project admin has no offering user');
    // The provider has not set the username yet when the allocation is created.
    await stack.owner(W).setOfferingUsername(offeringUser.uuid, null);
    const resource = await createAllocation(stack, W, 'Late', { cpu: 1, mem: 1 });
    const team = await stack.owner(W).team(resource.uuid);
    expect(team.find((m) => m.username === me.username)?.offeringUsername ?? null).toBeNull();
    expect(await users(resource.backend_id)).not.toContain('cadmin');

    await stack.owner(W).setOfferingUsername(offeringUser.uuid, 'cadmin');
    await waitFor(`association cadmin on ${resource.backend_id}`, async () =>
      (await users(resource.backend_id)).includes('cadmin'),
    );
    const message = await tap.waitFor('offering_user', { action: 'username_set', username: 'cadmin' });
    expect(message.payload.resource_backend_ids).toEqual(expect.arrayContaining([resource.backend_id]));
    await agent.waitForMessage('offering_user', { action: 'username_set', username: 'cadmin' });
  });

  test("every request the agents made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_provider_resources_list',
      'marketplace_provider_resources_team_list',
    ]);
  });
});
