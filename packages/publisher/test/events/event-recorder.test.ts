// EventRecorder on a real PostgreSQL: recipients (docs/protocol.md#recipients), payloads and key order (docs/protocol.md#message-types), Waldur's headers, and
// the same-transaction guarantee.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OutboxEventRecorder } from '../../src/events/event-recorder.js';
import type { OutboxMessage } from '../../src/generated/prisma/client.js';
import { newHexId } from '../../src/services.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { createOrder, createResource, createWorld, registerQueue, type World } from '../support/world.js';

let db: TestDatabase;
const events = new OutboxEventRecorder();

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

async function rowsFor(queue: string): Promise<OutboxMessage[]> {
  return db.prisma.outboxMessage.findMany({ where: { queue }, orderBy: { id: 'asc' } });
}

function expectedHeaders(vhost: string, topic: string, body: string) {
  const id = createHash('sha256').update(`${vhost}:${topic}:${body}`, 'utf8').digest('hex').slice(0, 32);
  return {
    persistent: 'true',
    durable: 'true',
    'auto-delete': 'false',
    'content-type': 'application/json',
    'x-message-id': id,
  };
}

describe('EventRecorder', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(db.prisma);
  });

  test('order state change: one row per entitled queue with Waldur-identical body and headers; outsiders get nothing', async () => {
    const off = world.seed.offering.id;
    const provider = await registerQueue(db.prisma, world.seed.provider.owner.id, off, 'order');
    const consumer = await registerQueue(db.prisma, world.seed.consumer.user.id, off, 'order');
    const outsider = await registerQueue(db.prisma, world.outsider.id, off, 'order');
    const staff = await registerQueue(db.prisma, world.seed.staff.id, off, 'order');
    const otherType = await registerQueue(db.prisma, world.seed.provider.owner.id, off, 'resource');
    const order = await createOrder(db.prisma, world, 'pending-provider');

    const n = await db.prisma.$transaction((tx) => events.orderStateChanged(tx, order.id));
    expect(n).toBe(3);

    const body = `{"order_uuid": "${order.id}", "order_state": "pending-provider", "offering_uuid": "${off}"}`;
    for (const r of [provider, consumer, staff]) {
      const rows = await rowsFor(r.queue);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      const topic = `subscription/${r.subscriptionId}/offering/${off}/order`;
      expect(row).toMatchObject({
        vhost: r.vhost,
        topic,
        body,
        state: 'pending',
        attempts: 0,
        subscriptionQueueId: r.subscriptionQueueId,
      });
      expect(row.headers).toEqual(expectedHeaders(r.vhost, topic, body));
      expect(Object.keys(row.headers as object)).toEqual([
        'persistent',
        'durable',
        'auto-delete',
        'content-type',
        'x-message-id',
      ]);
    }
    expect(await rowsFor(outsider.queue)).toHaveLength(0);
    expect(await rowsFor(otherType.queue)).toHaveLength(0);
  });

  test('a rolled-back change leaves no event behind', async () => {
    const off = world.seed.offering.id;
    const r = await registerQueue(db.prisma, world.seed.provider.owner.id, off, 'order');
    const order = await createOrder(db.prisma, world);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.order.update({ where: { id: order.id }, data: { state: 'canceled' } });
        await events.orderStateChanged(tx, order.id);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await rowsFor(r.queue)).toHaveLength(0);
  });

  test('resource flags: payload with backend id and per-resource sequence numbers starting at 1', async () => {
    const off = world.seed.offering.id;
    const r = await registerQueue(db.prisma, world.seed.provider.owner.id, off, 'resource');
    const res = await createResource(db.prisma, world, 'hpc_alloc_1');
    await db.prisma.resource.update({ where: { id: res.id }, data: { paused: true } });
    await db.prisma.$transaction((tx) => events.resourceFlagsChanged(tx, res.id));
    await db.prisma.resource.update({ where: { id: res.id }, data: { downscaled: true } });
    await db.prisma.$transaction((tx) => events.resourceFlagsChanged(tx, res.id));
    const rows = await rowsFor(r.queue);
    expect(rows.map((x) => x.body)).toEqual([
      `{"resource_uuid": "${res.id}", "resource_backend_id": "hpc_alloc_1", "downscaled": false, "restrict_member_access": false, "paused": true, "sequence_number": 1, "offering_uuid": "${off}"}`,
      `{"resource_uuid": "${res.id}", "resource_backend_id": "hpc_alloc_1", "downscaled": true, "restrict_member_access": false, "paused": true, "sequence_number": 2, "offering_uuid": "${off}"}`,
    ]);
  });

  test('role grant/revoke and role syncs go to site-agent offerings with live resources in the project', async () => {
    const w = await createWorld(db.prisma);
    const off = w.seed.offering.id;
    const r = await registerQueue(db.prisma, w.seed.provider.owner.id, off, 'user_role');
    const project = await db.prisma.project.findUniqueOrThrow({ where: { id: w.seed.consumer.projectId } });
    const user = w.outsider;

    // No live resource in the project yet: nothing to tell the agent.
    const before = await db.prisma.$transaction((tx) =>
      events.roleChanged(tx, {
        userId: user.id,
        projectId: project.id,
        roleName: 'PROJECT.MEMBER',
        granted: true,
      }),
    );
    expect(before).toBe(0);

    const res = await createResource(db.prisma, w, 'hpc_alloc_2');
    await db.prisma.$transaction(async (tx) => {
      await events.roleChanged(tx, {
        userId: user.id,
        projectId: project.id,
        roleName: 'PROJECT.MEMBER',
        granted: true,
      });
      await events.roleChanged(tx, {
        userId: user.id,
        projectId: project.id,
        roleName: 'PROJECT.MEMBER',
        granted: false,
      });
      await events.projectRoleSyncRequested(tx, project.id);
      await events.resourceRoleSyncRequested(tx, res.id);
    });
    const name = JSON.stringify(project.name);
    expect((await rowsFor(r.queue)).map((x) => x.body)).toEqual([
      `{"user_uuid": "${user.id}", "user_username": "${user.username}", "project_uuid": "${project.id}", "project_name": ${name}, "role_name": "PROJECT.MEMBER", "granted": true, "offering_uuid": "${off}"}`,
      `{"user_uuid": "${user.id}", "user_username": "${user.username}", "project_uuid": "${project.id}", "project_name": ${name}, "role_name": "PROJECT.MEMBER", "granted": false, "offering_uuid": "${off}"}`,
      `{"project_uuid": "${project.id}", "project_name": ${name}, "offering_uuid": "${off}"}`,
      `{"project_uuid": "${project.id}", "project_name": ${name}, "resource_uuid": "${res.id}", "offering_uuid": "${off}"}`,
    ]);
  });

  test('offering user create / update / username_set / delete payloads', async () => {
    const off = world.seed.offering.id;
    const r = await registerQueue(db.prisma, world.seed.provider.owner.id, off, 'offering_user');
    const consumer = world.seed.consumer.user;
    await createResource(db.prisma, world, 'hpc_alloc_3');
    const ou = await db.prisma.offeringUser.create({
      data: { id: newHexId(), offeringId: off, userId: consumer.id, state: 'Requested' },
    });
    await db.prisma.$transaction((tx) => events.offeringUserCreated(tx, ou.id));
    await db.prisma.offeringUser.update({ where: { id: ou.id }, data: { username: 'jdoe', state: 'OK' } });
    await db.prisma.$transaction(async (tx) => {
      await events.offeringUserUsernameSet(tx, ou.id);
      await events.offeringUserUpdated(tx, ou.id, ['username', 'state']);
    });
    await db.prisma.$transaction(async (tx) => {
      await tx.offeringUser.delete({ where: { id: ou.id } });
      await events.offeringUserDeleted(tx, {
        id: ou.id,
        userId: consumer.id,
        username: 'jdoe',
        offeringId: off,
      });
    });
    const bodies = (await rowsFor(r.queue)).map((x) => JSON.parse(x.body) as Record<string, unknown>);
    expect(bodies.map((b) => Object.keys(b))).toEqual([
      [
        'offering_user_uuid',
        'user_uuid',
        'username',
        'state',
        'runtime_state',
        'action',
        'attributes',
        'offering_uuid',
      ],
      [
        'username',
        'offering_user_uuid',
        'user_uuid',
        'state',
        'action',
        'resource_backend_ids',
        'offering_uuid',
      ],
      [
        'offering_user_uuid',
        'user_uuid',
        'username',
        'state',
        'runtime_state',
        'changed_fields',
        'action',
        'offering_uuid',
      ],
      ['offering_user_uuid', 'user_uuid', 'username', 'action', 'offering_uuid'],
    ]);
    expect(bodies[0]).toMatchObject({
      username: null,
      state: 'Requested',
      action: 'create',
      attributes: { username: consumer.username },
    });
    // username_set carries Waldur's raw integer state (OK = 5) and the user's live backend ids on this offering.
    expect(bodies[1]).toMatchObject({ username: 'jdoe', state: 5, action: 'username_set' });
    expect(bodies[1]?.resource_backend_ids).toContain('hpc_alloc_3');
    expect(bodies[2]).toMatchObject({
      state: 'OK',
      runtime_state: 'Active',
      changed_fields: ['username', 'state'],
    });
    expect(bodies[3]).toEqual({
      offering_user_uuid: ou.id,
      user_uuid: consumer.id,
      username: 'jdoe',
      action: 'delete',
      offering_uuid: off,
    });
  });

  test('offering_resources_sync returns the number of queues reached', async () => {
    const w = await createWorld(db.prisma);
    const off = w.seed.offering.id;
    expect(
      await db.prisma.$transaction((tx) => events.offeringResourcesSyncRequested(tx, off, w.seed.staff.id)),
    ).toBe(0);
    const r = await registerQueue(db.prisma, w.seed.provider.owner.id, off, 'offering_resources_sync');
    await registerQueue(db.prisma, w.outsider.id, off, 'offering_resources_sync');
    expect(
      await db.prisma.$transaction((tx) => events.offeringResourcesSyncRequested(tx, off, w.seed.staff.id)),
    ).toBe(1);
    expect((await rowsFor(r.queue))[0]?.body).toBe(
      `{"requested_by_user_uuid": "${w.seed.staff.id}", "offering_uuid": "${off}"}`,
    );
  });
});
