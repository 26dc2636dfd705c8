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

/**
 * One statement (an event's recording runs in the caller's transaction, and round trips are most of its cost):
 * the offering's queues for the type, whose subscription observes the type, whose owner is active and is
 * staff/support, has a role on the offering's customer, or is a consumer (a role on a consumer project's
 * customer, or on any project of that customer). Oldest queue first.
 */
export async function findRecipients(tx: Tx, q: RecipientQuery): Promise<Recipient[]> {
  const observed = JSON.stringify([{ object_type: q.objectType }]);
  const projectIds = [...(q.consumerProjectIds ?? [])];
  return tx.$queryRaw<Recipient[]>`
    WITH offering AS (
      SELECT "customerId" FROM "Offering" WHERE id = ${q.offeringId}
    ), consumer_customers AS (
      SELECT DISTINCT "customerId" FROM "Project" WHERE id = ANY(${projectIds}::text[])
    )
    SELECT sq.id AS "subscriptionQueueId", s.id AS "subscriptionId", u.id AS "userId", u.id AS vhost
      FROM "SubscriptionQueue" sq
      JOIN "EventSubscription" s ON s.id = sq."subscriptionId"
      JOIN "User" u ON u.id = s."userId"
     WHERE sq."offeringId" = ${q.offeringId} AND sq."objectType" = ${q.objectType}
       AND EXISTS (SELECT 1 FROM offering)
       AND u."isActive"
       AND jsonb_typeof(s."observableObjects") = 'array'
       AND s."observableObjects" @> ${observed}::jsonb
       AND (u."isStaff" OR u."isSupport"
         OR EXISTS (SELECT 1 FROM "CustomerPermission" cp
                     WHERE cp."userId" = u.id AND cp."isActive"
                       AND (cp."customerId" IN (SELECT "customerId" FROM offering)
                         OR cp."customerId" IN (SELECT "customerId" FROM consumer_customers)))
         OR EXISTS (SELECT 1 FROM "ProjectPermission" pp JOIN "Project" p ON p.id = pp."projectId"
                     WHERE pp."userId" = u.id AND pp."isActive"
                       AND p."customerId" IN (SELECT "customerId" FROM consumer_customers)))
     ORDER BY sq."createdAt", sq.id`;
}
