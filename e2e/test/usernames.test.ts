// Username generation end to end (docs/agent.md#username-management): the offering leaves usernames to the service
// provider (`username_generation_policy: service_provider`, `service_provider_can_create_offering_user: true`), so
// Waldur makes offering users without one; the agent, configured with the `waldur-username` backend, gives them
// their Waldur username after an order (post-processing) and on a role grant, Waldur reports it (username_set) and
// the SLURM association appears.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { createAllocation } from './support/scenario.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';

const W = 'usr-';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'usernames', worlds: [W] });
  const offering = stack.world(W).offeringUuid;
  await stack.owner(W).post(`/marketplace-provider-offerings/${offering}/update_integration/`, {
    plugin_options: {
      username_generation_policy: 'service_provider',
      service_provider_can_create_offering_user: true,
    },
  });
  slurm = await stack.slurm();
  tap = await stack.tap([W]);
  agent = await stack.agent({
    label: 'agent',
    worlds: [W],
    slurm,
    overrides: { username_management_backend: 'waldur-username' },
  });
});

afterAll(async () => {
  await stack.stop();
});

async function users(account: string): Promise<string[]> {
  return (await SlurmSnapshot.of(slurm)).users(account);
}

/** Waits until the user's offering user has a username and is OK; returns the username. */
async function namedOfferingUser(userUuid: string): Promise<string> {
  const query = { offering_uuid: stack.world(W).offeringUuid, user_uuid: userUuid };
  return waitFor(
    `offering user of ${userUuid} to get a username`,
    async () => {
      const [ou] = await stack.owner(W).offeringUsers(query);
      return ou?.username != null && ou.state === 'OK' ? ou.username : undefined;
    },
    { lastSeen: () => stack.owner(W).offeringUsers(query) },
  );
}

async function waitForAssociation(account: string, username: string): Promise<void> {
  await waitFor(
    `association ${username} on ${account}`,
    async () => (await users(account)).includes(username),
    {
      lastSeen: () => users(account),
    },
  );
}

describe('usernames', () => {
  test("an order's post-processing names the project's members and adds them to SLURM", async () => {
    const me = await stack.consumer(W).me();
    const resource = await createAllocation(stack, W, 'Named', { cpu: 1, mem: 1 });
    const username = await namedOfferingUser(me.uuid);
    expect(username).toBe(me.username);
    await waitForAssociation(resource.backend_id, username);
    const set = await tap.waitFor('offering_user', { action: 'username_set', username });
    expect(set.payload.resource_backend_ids).toEqual(expect.arrayContaining([resource.backend_id]));
  });

  test('a user without a username granted a role gets one and lands in SLURM', async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Grant', { cpu: 1, mem: 1 });
    const colleague = await stack.owner(W).me();
    const query = { offering_uuid: world.offeringUuid, user_uuid: colleague.uuid };
    expect(await stack.owner(W).offeringUsers(query)).toEqual([]);

    await stack.consumer(W).grantProjectRole(world.projectUuid, colleague.uuid, 'PROJECT.MEMBER');
    // Waldur made the offering user without a username (service_provider policy); the agent names it.
    const created = await tap.waitFor('offering_user', { action: 'create', user_uuid: colleague.uuid });
    expect(created.payload).toMatchObject({ username: null, state: 'Requested' });
    const username = await namedOfferingUser(colleague.uuid);
    expect(username).toBe(colleague.username);
    await waitForAssociation(resource.backend_id, username);
    await agent.waitForMessage('user_role', { user_uuid: colleague.uuid, granted: true });
    const commands = agent.slurmCommands().map((c) => c.argv.join(' '));
    expect(commands).toContainEqual(
      expect.stringContaining(`add user ${username} account=${resource.backend_id}`),
    );
  });

  test("every request the agent made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_provider_offerings_retrieve',
      'marketplace_offering_users_list',
      'marketplace_offering_users_begin_creating',
      'marketplace_offering_users_partial_update',
    ]);
  });
});
