// Component usages (py-client ComponentUsage) as listed by /api/marketplace-component-usages/.
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate, isoDateTime } from './format.js';

export const componentUsageInclude = {
  resource: {
    include: { offering: { include: { components: true } }, project: { include: { customer: true } } },
  },
} satisfies Prisma.ComponentUsageInclude;
export type ComponentUsageWithRelations = Prisma.ComponentUsageGetPayload<{
  include: typeof componentUsageInclude;
}>;

/** The resource / offering / project / customer names and UUIDs every usage row carries. */
export function resourceScope(resource: ComponentUsageWithRelations['resource']) {
  return {
    resource_name: resource.name,
    resource_uuid: resource.id,
    offering_name: resource.offering.name,
    offering_uuid: resource.offeringId,
    project_name: resource.project.name,
    project_uuid: resource.projectId,
    customer_name: resource.project.customer.name,
    customer_uuid: resource.project.customerId,
  };
}

export function serializeComponentUsage(usage: ComponentUsageWithRelations) {
  const { resource } = usage;
  const component = resource.offering.components.find((c) => c.type === usage.type);
  return {
    uuid: usage.id,
    created: isoDateTime(usage.createdAt),
    description: usage.description,
    type: usage.type,
    name: component?.name ?? usage.type,
    measured_unit: component?.measuredUnit ?? '',
    // Waldur's schema declares an integer: fractional amounts are stored exactly and listed rounded.
    usage: Math.round(usage.amount.toNumber()),
    date: isoDateTime(usage.date),
    recurring: false,
    ...resourceScope(resource),
    billing_period: isoDate(usage.billingPeriod),
    modified_by: null,
  };
}
