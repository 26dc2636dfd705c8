// A small Waldur world for event tests: the seeded provider/offering/consumer plus an outsider user, and
// helpers to register (subscription, offering, type) queues as the REST API would.
import { randomUUID } from 'node:crypto';
import type { ObservableObjectType } from '@waldur-sim/protocol';
import { queueName } from '@waldur-sim/protocol';
import type { PrismaClient } from '../../src/generated/prisma/client.js';
import { runSeed, type SeedResult } from '../../src/seed.js';
import { newHexId, newTokenKey } from '../../src/services.js';

export interface World {
  readonly seed: SeedResult;
  readonly outsider: { id: string; username: string; token: string };
}

export async function createWorld(prisma: PrismaClient): Promise<World> {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const seed = await runSeed(prisma, {
    publicUrl: 'http://127.0.0.1:8000',
    webStompUrl: 'ws://127.0.0.1:15674/ws',
    prefix,
  });
  const outsider = await prisma.user.create({
    data: { id: newHexId(), username: `${prefix}outsider`, token: newTokenKey() },
    select: { id: true, username: true, token: true },
  });
  return { seed, outsider };
}

export interface Registered {
  readonly subscriptionId: string;
  readonly subscriptionQueueId: string;
  readonly vhost: string;
  readonly queue: string;
}

/** EventSubscription observing `objectType` + its queue row for `offeringId` (no broker calls). */
export async function registerQueue(
  prisma: PrismaClient,
  userId: string,
  offeringId: string,
  objectType: ObservableObjectType,
): Promise<Registered> {
  const sub = await prisma.eventSubscription.create({
    data: { id: newHexId(), userId, observableObjects: [{ object_type: objectType }] },
  });
  const q = await prisma.subscriptionQueue.create({
    data: { id: newHexId(), subscriptionId: sub.id, offeringId, objectType },
  });
  return {
    subscriptionId: sub.id,
    subscriptionQueueId: q.id,
    vhost: userId,
    queue: queueName({ subscriptionUuid: sub.id, offeringUuid: offeringId, objectType }),
  };
}

/** A resource of the seeded offering in the seeded project. */
export async function createResource(prisma: PrismaClient, world: World, backendId: string | null = null) {
  const id = newHexId();
  return prisma.resource.create({
    data: {
      id,
      name: `res-${id.slice(0, 6)}`,
      slug: `res-${id}`,
      offeringId: world.seed.offering.id,
      projectId: world.seed.consumer.projectId,
      planId: world.seed.offering.planId,
      state: 'OK',
      backendId,
    },
  });
}

export async function createOrder(prisma: PrismaClient, world: World, state = 'pending-consumer') {
  return prisma.order.create({
    data: {
      id: newHexId(),
      type: 'Create',
      state,
      offeringId: world.seed.offering.id,
      projectId: world.seed.consumer.projectId,
      planId: world.seed.offering.planId,
      createdById: world.seed.consumer.user.id,
      limits: { cpu: 1, mem: 1 },
    },
  });
}
