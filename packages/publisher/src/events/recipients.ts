// Who receives a legacy event (docs/protocol.md#recipients, prepare_messages): every registered
// (subscription, offering, object type) queue whose subscription observes that type and whose owner may
// see the offering — staff/support, any active role on the offering's customer — or has "consumer access":
// a customer or project role in a customer that owns one of the event's projects.
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Prisma } from '../generated/prisma/client.js';

export type Tx = Prisma.TransactionClient;

export interface Recipient {
  readonly subscriptionQueueId: string;
  readonly subscriptionId: string;
  readonly userId: string;
  /** Waldur: the subscribing user's uuid hex. */
  readonly vhost: string;
}

export interface RecipientQuery {
  readonly offeringId: string;
  readonly objectType: ObservableObjectType;
  /** Projects the event is about (order/resource/role project); they grant consumer access. */
  readonly consumerProjectIds?: readonly string[];
}

function observes(observableObjects: unknown, objectType: string): boolean {
  if (!Array.isArray(observableObjects)) return false;
  return observableObjects.some(
    (o: unknown) =>
      typeof o === 'object' && o !== null && (o as { object_type?: unknown }).object_type === objectType,
  );
}

export async function findRecipients(tx: Tx, q: RecipientQuery): Promise<Recipient[]> {
  const offering = await tx.offering.findUnique({
    where: { id: q.offeringId },
    select: { customerId: true },
  });
  if (!offering) return [];
  const queues = await tx.subscriptionQueue.findMany({
    where: { offeringId: q.offeringId, objectType: q.objectType },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      subscription: {
        select: {
          id: true,
          observableObjects: true,
          user: { select: { id: true, isStaff: true, isSupport: true, isActive: true } },
        },
      },
    },
  });
  const candidates = queues.filter(
    (row) => row.subscription.user.isActive && observes(row.subscription.observableObjects, q.objectType),
  );
  if (candidates.length === 0) return [];

  const userIds = [...new Set(candidates.map((c) => c.subscription.user.id))];
  const consumerCustomerIds = new Set<string>();
  if (q.consumerProjectIds && q.consumerProjectIds.length > 0) {
    const projects = await tx.project.findMany({
      where: { id: { in: [...q.consumerProjectIds] } },
      select: { customerId: true },
    });
    for (const p of projects) consumerCustomerIds.add(p.customerId);
  }
  const customerRoles = await tx.customerPermission.findMany({
    where: { userId: { in: userIds }, isActive: true },
    select: { userId: true, customerId: true },
  });
  const projectRoles =
    consumerCustomerIds.size === 0
      ? []
      : await tx.projectPermission.findMany({
          where: {
            userId: { in: userIds },
            isActive: true,
            project: { customerId: { in: [...consumerCustomerIds] } },
          },
          select: { userId: true },
        });

  const seesOffering = new Set(
    customerRoles.filter((r) => r.customerId === offering.customerId).map((r) => r.userId),
  );
  const consumer = new Set([
    ...customerRoles.filter((r) => consumerCustomerIds.has(r.customerId)).map((r) => r.userId),
    ...projectRoles.map((r) => r.userId),
  ]);

  return candidates
    .filter((c) => {
      const u = c.subscription.user;
      return u.isStaff || u.isSupport || seesOffering.has(u.id) || consumer.has(u.id);
    })
    .map((c) => ({
      subscriptionQueueId: c.id,
      subscriptionId: c.subscription.id,
      userId: c.subscription.user.id,
      vhost: c.subscription.user.id,
    }));
}
