// Service and course accounts end to end (docs/protocol.md#service_account-and-course_account): a project admin
// creates a service account with a username, or a course account for a Waldur user; the publisher announces it to
// the site agents of the project's offerings; the agent finds it in the offering's account listing and adds the
// username to the project's SLURM accounts. Closing the account removes it again. An allocation ordered later
// gets the project's open accounts in its post-order processing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { EventTap } from '../src/harness/event-tap.js';
import { SlurmSnapshot, type SlurmMock } from '../src/harness/slurm-mock.js';
import { Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { expectAgentTrafficValid, ORDER_OPERATIONS, STARTUP_OPERATIONS } from './support/agent-contract.js';
import { createAllocation } from './support/scenario.js';

const W = 'acc-';
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let tap: EventTap;

beforeAll(async () => {
  stack = await Stack.start({ name: 'accounts', worlds: [W] });
  slurm = await stack.slurm();
  tap = await stack.tap([W], ['service_account', 'course_account']);
  agent = await stack.agent({ label: 'agent', worlds: [W], slurm });
});

afterAll(async () => {
  await stack.stop();
});

async function users(account: string): Promise<string[]> {
  return (await SlurmSnapshot.of(slurm)).users(account);
}

async function waitForUser(account: string, username: string, present: boolean): Promise<void> {
  await waitFor(
    `${username} to be ${present ? 'in' : 'out of'} ${account}`,
    async () => (await users(account)).includes(username) === present,
    { lastSeen: () => users(account) },
  );
}

interface Account {
  readonly uuid: string;
  readonly state: string;
  readonly username?: string;
}

describe('service and course accounts', () => {
  test('a service account joins the project SLURM account when created and leaves when closed', async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Svc', { cpu: 1, mem: 1 });
    const admin = stack.consumer(W);
    const username = 'svc-ci-runner';
    const account = (await admin.post('/marketplace-project-service-accounts/', {
      project: world.projectUuid,
      username,
      description: 'CI runner',
    })) as Account;
    expect(account).toMatchObject({ username, state: 'OK' });

    const created = await tap.waitFor('service_account', { account_uuid: account.uuid, action: 'create' });
    expect(created.payload).toMatchObject({
      account_username: username,
      scope_type: 'project',
      project_uuid: world.projectUuid,
      offering_uuid: world.offeringUuid,
    });
    await agent.waitForMessage('service_account', { account_uuid: account.uuid, action: 'create' });
    await waitForUser(resource.backend_id, username, true);

    await admin.request('DELETE', `/marketplace-project-service-accounts/${account.uuid}/`, undefined, [204]);
    await tap.waitFor('service_account', { account_uuid: account.uuid, action: 'delete' });
    await agent.waitForMessage('service_account', { account_uuid: account.uuid, action: 'delete' });
    await waitForUser(resource.backend_id, username, false);
    const commands = agent.slurmCommands().map((c) => c.argv.join(' '));
    expect(commands).toContainEqual(
      expect.stringContaining(`add user ${username} account=${resource.backend_id}`),
    );
  });

  test("a course account brings its user's username to SLURM and takes it away when closed", async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Course', { cpu: 1, mem: 1 });
    const student = await stack.owner(W).me();
    expect(await users(resource.backend_id)).not.toContain(student.username);

    const account = (await stack.consumer(W).post('/marketplace-course-accounts/', {
      project: world.projectUuid,
      user: student.uuid,
    })) as Account;
    expect(account).toMatchObject({ username: student.username, state: 'OK' });
    await agent.waitForMessage('course_account', { account_uuid: account.uuid, action: 'create' });
    await waitForUser(resource.backend_id, student.username, true);

    await stack
      .consumer(W)
      .request('DELETE', `/marketplace-course-accounts/${account.uuid}/`, undefined, [204]);
    const closed = await tap.waitFor('course_account', { account_uuid: account.uuid, action: 'delete' });
    expect(closed.payload).toMatchObject({ account_username: student.username });
    await agent.waitForMessage('course_account', { account_uuid: account.uuid, action: 'delete' });
    await waitForUser(resource.backend_id, student.username, false);
  });

  test("an allocation ordered after the account was created gets it in the order's post-processing", async () => {
    const world = stack.world(W);
    const username = 'svc-early-bird';
    const account = (await stack.consumer(W).post('/marketplace-project-service-accounts/', {
      project: world.projectUuid,
      username,
    })) as Account;
    await agent.waitForMessage('service_account', { account_uuid: account.uuid, action: 'create' });
    const resource = await createAllocation(stack, W, 'Later', { cpu: 1, mem: 1 });
    await waitForUser(resource.backend_id, username, true);
  });

  test("every request the agent made validates against Waldur's contract", () => {
    expectAgentTrafficValid(stack, [
      ...STARTUP_OPERATIONS,
      ...ORDER_OPERATIONS,
      'marketplace_provider_offerings_list_project_service_accounts_list',
      'marketplace_provider_offerings_list_course_accounts_list',
      'marketplace_provider_resources_list',
    ]);
  });
});
