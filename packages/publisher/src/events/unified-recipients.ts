// Who receives an event on the unified path (docs/protocol.md#unified-path, Waldur prepare_messages step 2):
// consumers whose queue exists, whose object types include the event's (empty = all) and whose scopes meet the
// event's scope keys — the offering, its customer, and the projects the event is about with their customers.
// An agent-bound consumer is scoped to its identity's offering; a consumer without scopes is global (never for
// user_role). Owners are re-authorised: staff/support, or an active role on one of the scope keys.
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Tx } from './recipients.js';

export interface UnifiedRecipient {
  readonly consumerId: string;
  readonly userId: string;
  /** The owner's uuid hex, like the legacy vhost. */
  readonly vhost: string;
}

export interface UnifiedRecipientQuery {
  readonly offeringId: string;
  readonly objectType: ObservableObjectType;
  readonly consumerProjectIds?: readonly string[];
}

export interface ConsumerScope {
  readonly type: string;
  readonly uuid: string;
}

export function consumerScopes(value: unknown): ConsumerScope[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s: unknown): s is ConsumerScope =>
      typeof s === 'object' &&
      s !== null &&
      typeof (s as { type?: unknown }).type === 'string' &&
      typeof (s as { uuid?: unknown }).uuid === 'string',
  );
}

interface ConsumerRow {
  readonly id: string;
  readonly objectTypes: unknown;
  readonly scopes: unknown;
  /** The offering of the agent identity the consumer is bound to, if any. */
  readonly identityOfferingId: string | null;
  readonly userId: string;
  readonly isStaff: boolean;
  readonly isSupport: boolean;
  readonly isActive: boolean;
}

function wantsType(objectTypes: unknown, objectType: string): boolean {
  return !Array.isArray(objectTypes) || objectTypes.length === 0 || objectTypes.includes(objectType);
}

export async function findUnifiedRecipients(tx: Tx, q: UnifiedRecipientQuery): Promise<UnifiedRecipient[]> {
  // Raw SQL: this runs for every event, and the same read through the Prisma client costs several times the CPU.
  const consumers = await tx.$queryRaw<ConsumerRow[]>`
    SELECT c.id, c."objectTypes", c.scopes, i."offeringId" AS "identityOfferingId",
           u.id AS "userId", u."isStaff", u."isSupport", u."isActive"
      FROM "EventConsumer" c
      JOIN "User" u ON u.id = c."userId"
      LEFT JOIN "AgentIdentity" i ON i.id = c."identityId"
     WHERE c."queueCreated" AND c."rmqUsername" <> ''
     ORDER BY c."createdAt", c.id`;
  const wanted = consumers.filter((c) => c.isActive && wantsType(c.objectTypes, q.objectType));
  if (wanted.length === 0) return [];

  const offering = await tx.offering.findUnique({
    where: { id: q.offeringId },
    select: { customerId: true },
  });
  if (offering === null) return [];
  const projects = await tx.project.findMany({
    where: { id: { in: [...(q.consumerProjectIds ?? [])] } },
    select: { id: true, customerId: true },
  });
  const keys = new Set<string>([
    `offering:${q.offeringId}`,
    `customer:${offering.customerId}`,
    ...projects.flatMap((p) => [`project:${p.id}`, `customer:${p.customerId}`]),
  ]);
  const customerIds = [offering.customerId, ...projects.map((p) => p.customerId)];
  const projectIds = projects.map((p) => p.id);

  const matching = wanted.filter((c) => {
    if (c.identityOfferingId !== null) return c.identityOfferingId === q.offeringId;
    const scopes = consumerScopes(c.scopes);
    if (scopes.length === 0) return q.objectType !== 'user_role';
    return scopes.some((s) => keys.has(`${s.type}:${s.uuid}`));
  });
  if (matching.length === 0) return [];

  const userIds = [...new Set(matching.map((c) => c.userId))];
  const customerRoles = await tx.customerPermission.findMany({
    where: { userId: { in: userIds }, isActive: true, customerId: { in: customerIds } },
    select: { userId: true },
  });
  const projectRoles = await tx.projectPermission.findMany({
    where: { userId: { in: userIds }, isActive: true, projectId: { in: projectIds } },
    select: { userId: true },
  });
  const authorised = new Set([...customerRoles, ...projectRoles].map((r) => r.userId));
  return matching
    .filter((c) => c.isStaff || c.isSupport || authorised.has(c.userId))
    .map((c) => ({ consumerId: c.id, userId: c.userId, vhost: c.userId }));
}
