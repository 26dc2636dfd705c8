// Row-level visibility as Prisma `where` clauses: what each caller may list or retrieve (Waldur filters its
// querysets the same way, so an invisible object is a 404, while a visible one the caller may not change is a 403).
import type { Prisma } from '../generated/prisma/client.js';
import {
  customersWithRole,
  isGlobalReader,
  projectsWithRole,
  type AccessContext,
} from '../domain/permissions.js';

export function offeringWhere(access: AccessContext): Prisma.OfferingWhereInput {
  return isGlobalReader(access) ? {} : { customerId: { in: customersWithRole(access) } };
}

/** Projects of the caller's roles, plus (as in Waldur) the consumer projects that hold resources of offerings
 * of a customer the caller has a role in: a service provider sees the projects it serves. */
export function projectWhere(access: AccessContext): Prisma.ProjectWhereInput {
  if (isGlobalReader(access)) return {};
  const customers = customersWithRole(access);
  return {
    OR: [
      { id: { in: projectsWithRole(access) } },
      { customerId: { in: customers } },
      { resources: { some: { offering: { customerId: { in: customers } } } } },
    ],
  };
}

/**
 * The parties of an order or a resource: the provider side (the offering's customer) or the consumer side (the
 * project, or its customer). Orders, resources and their usages share it.
 */
function partyWhere(access: AccessContext) {
  if (isGlobalReader(access)) return {};
  const customers = customersWithRole(access);
  return {
    OR: [
      { offering: { customerId: { in: customers } } },
      { projectId: { in: projectsWithRole(access) } },
      { project: { customerId: { in: customers } } },
    ],
  };
}

export function orderWhere(access: AccessContext): Prisma.OrderWhereInput {
  return partyWhere(access);
}

/** marketplace-provider-resources is the provider's view: the offering customer's resources only. */
export function providerResourceWhere(access: AccessContext): Prisma.ResourceWhereInput {
  return isGlobalReader(access) ? {} : { offering: { customerId: { in: customersWithRole(access) } } };
}

export function offeringUserWhere(access: AccessContext): Prisma.OfferingUserWhereInput {
  if (isGlobalReader(access)) return {};
  return { OR: [{ offering: { customerId: { in: customersWithRole(access) } } }, { userId: access.userId }] };
}

export function componentUsageWhere(access: AccessContext): Prisma.ComponentUsageWhereInput {
  return isGlobalReader(access) ? {} : { resource: partyWhere(access) };
}

export function agentIdentityWhere(access: AccessContext): Prisma.AgentIdentityWhereInput {
  return isGlobalReader(access) ? {} : { offering: { customerId: { in: customersWithRole(access) } } };
}

/** Event subscriptions are private to their owner (staff sees all). */
export function eventSubscriptionWhere(access: AccessContext): Prisma.EventSubscriptionWhereInput {
  return access.isStaff ? {} : { userId: access.userId };
}

/** Resources as marketplace-resources shows them: provider side (offering customer) or consumer side. */
export function resourceWhere(access: AccessContext): Prisma.ResourceWhereInput {
  return partyWhere(access);
}
