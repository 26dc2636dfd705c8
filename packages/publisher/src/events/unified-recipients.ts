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

function wantsType(objectTypes: unknown, objectType: string): boolean {
  return !Array.isArray(objectTypes) || objectTypes.length === 0 || objectTypes.includes(objectType);
}

export async function findUnifiedRecipients(tx: Tx, q: UnifiedRecipientQuery): Promise<UnifiedRecipient[]> {
  const consumers = await tx.eventConsumer.findMany({
    where: { queueCreated: true, rmqUsername: { not: '' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      objectTypes: true,
      scopes: true,
      identity: { select: { offeringId: true } },
      user: { select: { id: true, isStaff: true, isSupport: true, isActive: true } },
    },
  });
  const wanted = consumers.filter((c) => c.user.isActive && wantsType(c.objectTypes, q.objectType));
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
    if (c.identity !== null) return c.identity.offeringId === q.offeringId;
    const scopes = consumerScopes(c.scopes);
    if (scopes.length === 0) return q.objectType !== 'user_role';
    return scopes.some((s) => keys.has(`${s.type}:${s.uuid}`));
  });
  if (matching.length === 0) return [];

  const userIds = [...new Set(matching.map((c) => c.user.id))];
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
    .filter((c) => c.user.isStaff || c.user.isSupport || authorised.has(c.user.id))
    .map((c) => ({ consumerId: c.id, userId: c.user.id, vhost: c.user.id }));
}
