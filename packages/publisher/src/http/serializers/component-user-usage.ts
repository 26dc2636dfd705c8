// Per-user component usages (py-client ComponentUserUsage) as listed by /api/marketplace-component-user-usages/.
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate, isoDateTime } from './format.js';
import { componentUsageInclude, resourceScope } from './component-usage.js';
import type { Urls } from './urls.js';

export const componentUserUsageInclude = {
  componentUsage: { include: componentUsageInclude },
} satisfies Prisma.ComponentUserUsageInclude;
export type ComponentUserUsageWithRelations = Prisma.ComponentUserUsageGetPayload<{
  include: typeof componentUserUsageInclude;
}>;

export function serializeComponentUserUsage(urls: Urls, row: ComponentUserUsageWithRelations) {
  const usage = row.componentUsage;
  const { resource } = usage;
  const component = resource.offering.components.find((c) => c.type === usage.type);
  return {
    uuid: row.id,
    ...(row.userId === null ? {} : { user: urls.user(row.userId) }),
    username: row.username,
    component_usage: urls.componentUsage(usage.id),
    // Waldur's schema declares an integer: fractional amounts are stored exactly and listed rounded.
    usage: Math.round(row.usage.toNumber()),
    measured_unit: component?.measuredUnit ?? '',
    description: row.description,
    created: isoDateTime(row.createdAt),
    modified: isoDateTime(row.modifiedAt),
    backend_id: resource.backendId ?? '',
    ...resourceScope(resource),
    component_type: usage.type,
    date: isoDateTime(row.date),
    billing_period: isoDate(usage.billingPeriod),
  };
}
