// Forged and replayed messages. A subscription's broker user may publish into its own queues (the vhost's
// permissions), so anyone holding the subscription's credentials (the API token) can put any body in front of
// the agent. Messages are triggers and REST is the truth: published with those very STOMP credentials, forged
// order, user_role and resource messages must have no effect beyond what the REST state allows. Real broker,
// real publisher, real agent process, slurm-mock.
// Fails if the agent acts on the message instead of the REST state: approving another offering's order, adding a
// user who has no role (or removing one who has), syncing a resource of another offering onto its own account,
// or re-running a finished or consumer-pending order.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildMessage, type ObservableObjectType } from '@waldur-sim/protocol';
import { brokerFromEnv, connectStomp } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agentQueues, type AgentQueue } from '../../src/harness/agent-queues.js';
import { DbFingerprint, type DbSnapshot } from '../../src/harness/db-snapshot.js';
import { createSuiteResources, type SuiteResources } from '../../src/harness/fault-case.js';
import { FaultStack } from '../../src/harness/fault-stack.js';
import { waitFor } from '../../src/harness/wait-for.js';
import type { Member } from '../../src/harness/world.js';

const hex = (): string => randomUUID().replaceAll('-', '');

let stack: FaultStack;
let resources: SuiteResources;
let queues: AgentQueue[];
let teamAccount: string;
let member: Member;
let outsider: Member;

async function orderState(uuid: string): Promise<string> {
  return ((await stack.consumer.ok('GET', `/marketplace-orders/${uuid}/`)) as { state: string }).state;
}

function usersOf(account: string): string[] {
  return stack.slurm
    .state()
    .associations.filter((a) => a.account === account && a.user !== '')
    .map((a) => a.user)
    .sort();
}

/** Accounts, associations and their limits: what an effect in SLURM would change. */
function slurmSnapshot(): string {
  const s = stack.slurm.state();
  return JSON.stringify({ accounts: s.accounts, associations: s.associations });
}

/** sacctmgr writes in the command log from `offset` on. */
async function writesSince(offset: number): Promise<string[]> {
  return (await stack.slurm.commands())
    .slice(offset)
    .filter(
      (c) => c.tool === 'sacctmgr' && c.argv.some((a) => /^(add|create|modify|remove|delete)$/i.test(a)),
    )
    .map((c) => c.argv.join(' '));
}

/** stompjs types headers as the class StompHeaders; a plain record is what it really takes. */
function stompHeaders(headers: Record<string, string>): Record<string, string> {
  return headers;
}

interface Forged {
  readonly objectType: ObservableObjectType;
  readonly payload: Record<string, unknown>;
  readonly why: string;
}

/**
 * Publishes each body into the agent's queue of its type with the subscription's own STOMP login (its UUID and
 * the owner's API token, on the owner's vhost), as a holder of those credentials could, and waits until the
 * agent has settled every one of them (acked or dead-lettered).
 */
async function forge(messages: readonly Forged[]): Promise<void> {
  const owner = stack.world.seed.provider.owner.id;
  const ids: string[] = [];
  for (const m of messages) {
    const q = queues.find((x) => x.objectType === m.objectType);
    if (q === undefined) throw new Error(`the agent has no ${m.objectType} queue`);
    // The broker user of the subscription that owns this queue.
    const { subscriptionId } = await stack.db.prisma.subscriptionQueue.findFirstOrThrow({
      where: {
        offeringId: stack.world.offeringId,
        objectType: m.objectType,
        subscription: { userId: owner },
      },
    });
    const client = await connectStomp({
      url: stack.endpoints.webStompUrl,
      login: subscriptionId,
      passcode: stack.world.ownerToken,
      vhost: owner,
    });
    try {
      const built = buildMessage({
        vhost: owner,
        subscriptionUuid: subscriptionId,
        offeringUuid: stack.world.offeringId,
        objectType: m.objectType,
        payload: m.payload,
      });
      const id = `forged-${randomBytes(6).toString('hex')}`;
      ids.push(id);
      // A receipt: the broker took the frame (it refuses a SEND its permissions would not allow).
      const received = new Promise<void>((resolve) => {
        client.watchForReceipt(id, () => {
          resolve();
        });
      });
      client.publish({
        destination: `/amq/queue/${q.queue}`,
        body: built.body,
        headers: stompHeaders({
          'x-message-id': id,
          persistent: 'true',
          'content-type': 'application/json',
          receipt: id,
        }),
      });
      await Promise.race([
        received,
        sleep(30_000).then(() => {
          throw new Error(`no receipt for the forged ${m.objectType} message (${m.why})`);
        }),
      ]);
    } finally {
      await client.deactivate();
    }
  }
  const settled = (id: string): boolean =>
    stack.agent.process.lines.some(
      (l) =>
        l.json?.messageKey === `id:${id}` &&
        [
          'Message acknowledged',
          'Invalid message, dead-lettering',
          'Handler failed too often, dead-lettering message',
        ].includes(String(l.json.msg)),
    );
  await waitFor('the agent to settle every forged message', () => ids.every(settled), {
    timeoutMs: 120_000,
    lastSeen: () => ids.filter((id) => !settled(id)),
  });
}

beforeAll(async () => {
  stack = await FaultStack.start({
    name: 'forged',
    sharedBroker: brokerFromEnv(),
    agentLogLevel: 'DEBUG',
    members: 2,
  });
  const [first, second] = stack.world.members;
  if (first === undefined || second === undefined) throw new Error('two members expected');
  member = first;
  outsider = second;
  resources = await createSuiteResources(stack, 1);
  queues = await agentQueues(stack.db, stack.world.seed.provider.owner.id, stack.world.offeringId);
  teamAccount =
    (await stack.db.prisma.resource.findUniqueOrThrow({ where: { id: resources.teamResource } })).backendId ??
    '';
  // `member` has a role in the team project (and so an association); `outsider` has none.
  const s = stack.staff;
  await s.ok('POST', `/projects/${stack.world.teamProjectId}/add_user/`, {
    role: 'PROJECT.MEMBER',
    user: s.url('users', member.id),
  });
  await waitFor('the member association', () => usersOf(teamAccount).includes(member.offeringUsername), {
    timeoutMs: 60_000,
  });
});

afterAll(async () => {
  const subs = await stack.db.prisma.eventSubscription.findMany({ select: { id: true } });
  for (const sub of subs) await stack.staff.call('DELETE', `/event-subscriptions/${sub.id}/`);
  await stack.stop();
});

describe('forged and replayed messages (published with the subscription’s own credentials)', () => {
  test('cause no SLURM change and no REST change beyond what the REST state allows', async () => {
    const prisma = stack.db.prisma;
    const c = stack.consumer;
    // Another offering of the same service provider: the agent's token can read its orders and resources.
    const ours = await prisma.offering.findUniqueOrThrow({ where: { id: stack.world.offeringId } });
    const foreignOffering = hex();
    await prisma.offering.create({
      data: { id: foreignOffering, name: 'Other offering', type: ours.type, customerId: ours.customerId },
    });
    const foreignOrder = hex();
    const foreignCreating = hex();
    await prisma.resource.create({
      data: {
        id: foreignCreating,
        name: 'foreign allocation',
        slug: `foreign-new-${randomBytes(3).toString('hex')}`,
        offeringId: foreignOffering,
        projectId: stack.world.projectId,
        state: 'Creating',
        limits: { cpu: 7 },
      },
    });
    await prisma.order.create({
      data: {
        id: foreignOrder,
        resourceId: foreignCreating,
        type: 'Create',
        state: 'pending-provider',
        offeringId: foreignOffering,
        projectId: stack.world.projectId,
        createdById: stack.world.seed.consumer.user.id,
        limits: { cpu: 7 },
        attributes: { name: 'foreign allocation' },
      },
    });
    // Points at this offering's team account: syncing it would rewrite that account's users and limits.
    const foreignResource = hex();
    await prisma.resource.create({
      data: {
        id: foreignResource,
        name: 'foreign copy',
        slug: `foreign-${randomBytes(3).toString('hex')}`,
        offeringId: foreignOffering,
        projectId: stack.world.projectId,
        state: 'OK',
        backendId: teamAccount,
        limits: { cpu: 999, mem: 999 },
      },
    });
    const doneCreate = await prisma.order.findFirstOrThrow({
      where: { resourceId: resources.teamResource, type: 'Create' },
    });
    expect(doneCreate.state).toBe('done');
    // Submitted but not approved by the consumer: the provider may not act on it yet.
    const unapproved = (await c.ok('POST', '/marketplace-orders/', {
      offering: c.url('marketplace-public-offerings', stack.world.offeringId),
      project: c.url('projects', stack.world.projectId),
      type: 'Create',
      limits: { cpu: 3, mem: 3 },
      attributes: { name: 'not approved' },
    })) as { uuid: string };
    expect(await orderState(unapproved.uuid)).toBe('pending-consumer');

    const role = (user: Member, granted: boolean): Record<string, unknown> => ({
      user_uuid: user.id,
      user_username: user.username,
      project_uuid: stack.world.teamProjectId,
      project_name: 'Team Project',
      role_name: 'PROJECT.MEMBER',
      granted,
    });
    const forged: Forged[] = [
      {
        objectType: 'order',
        payload: { order_uuid: doneCreate.id, order_state: 'executing' },
        why: 'done order as executing',
      },
      {
        objectType: 'order',
        payload: { order_uuid: doneCreate.id, order_state: 'pending-provider' },
        why: 'replayed create',
      },
      {
        objectType: 'order',
        payload: { order_uuid: unapproved.uuid, order_state: 'pending-provider' },
        why: 'consumer-pending order',
      },
      {
        objectType: 'order',
        payload: { order_uuid: unapproved.uuid, order_state: 'executing' },
        why: 'consumer-pending order',
      },
      {
        objectType: 'order',
        payload: { order_uuid: foreignOrder, order_state: 'pending-provider' },
        why: 'foreign order',
      },
      {
        objectType: 'order',
        payload: { order_uuid: foreignOrder, order_state: 'executing' },
        why: 'foreign order',
      },
      { objectType: 'user_role', payload: role(outsider, true), why: 'grant for a user with no role' },
      { objectType: 'user_role', payload: role(member, false), why: 'revoke for a user who has the role' },
      {
        objectType: 'user_role',
        payload: { project_uuid: stack.world.projectId, project_name: 'P', resource_uuid: foreignResource },
        why: 'resource-scoped team sync of a foreign resource',
      },
      {
        objectType: 'resource',
        payload: {
          resource_uuid: foreignResource,
          resource_backend_id: teamAccount,
          downscaled: false,
          restrict_member_access: false,
          paused: false,
          sequence_number: 1,
          limits: { cpu: 999, mem: 999 },
        },
        why: 'foreign resource',
      },
    ];

    const fingerprint = await DbFingerprint.open(stack.database.url);
    try {
      const slurmBefore = slurmSnapshot();
      const offset = (await stack.slurm.commands()).length;
      const before: DbSnapshot = await fingerprint.take();
      await forge(forged);
      expect(await writesSince(offset), 'sacctmgr writes caused by forged messages').toEqual([]);
      expect(slurmSnapshot(), 'SLURM state').toBe(slurmBefore);
      expect(usersOf(teamAccount)).toContain(member.offeringUsername);
      expect(usersOf(teamAccount)).not.toContain(outsider.offeringUsername);
      // AgentService/AgentProcessor hold the agent's own liveness reports (updated on every tick), not state.
      const changed = DbFingerprint.changed(before, await fingerprint.take()).filter(
        (t) => !['AgentService', 'AgentProcessor'].includes(t),
      );
      expect(changed, 'tables changed in Waldur').toEqual([]);
      expect(await orderState(foreignOrder)).toBe('pending-provider');
      expect(await orderState(unapproved.uuid)).toBe('pending-consumer');
      expect(await orderState(doneCreate.id)).toBe('done');
    } finally {
      await fingerprint.close();
    }
    // The same agent still follows real changes (the forged messages were processed, not stuck).
    const s = stack.staff;
    await s.ok('POST', `/projects/${stack.world.teamProjectId}/delete_user/`, {
      role: 'PROJECT.MEMBER',
      user: s.url('users', member.id),
    });
    await waitFor(
      'the real revoke to remove the association',
      () => !usersOf(teamAccount).includes(member.offeringUsername),
      {
        timeoutMs: 60_000,
      },
    );
  });
});
