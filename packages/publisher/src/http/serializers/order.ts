// OrderDetails (py-client): everything the agent reads (uuid, type, state, marketplace_resource_uuid, resource_name,
// backend_id, limits, attributes, project_*) plus the keys Waldur always renders. UUID/datetime keys without a
// value are omitted (DRF skips them) rather than sent as null where py-client would not accept null; so are
// image/icon/cost keys the emulator has no value for (not nullable in Waldur's contract).
import type { Prisma } from '../../generated/prisma/client.js';
import { fullName, isoDateTime, isoDateTimeOrNull, jsonObject, limitsObject } from './format.js';
import { CATEGORY, type Urls } from './urls.js';

export const orderInclude = {
  offering: { include: { customer: { include: { serviceProvider: true } } } },
  project: { include: { customer: true } },
  resource: true,
  plan: true,
  createdBy: true,
  consumerReviewedBy: true,
  providerReviewedBy: true,
} satisfies Prisma.OrderInclude;
export type OrderWithRelations = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;

export function serializeOrder(order: OrderWithRelations, urls: Urls) {
  const { offering, project, resource, plan } = order;
  const provider = offering.customer.serviceProvider;
  return {
    url: urls.order(order.id),
    offering: urls.offering(offering.id),
    offering_name: offering.name,
    offering_uuid: offering.id,
    offering_description: offering.description,
    offering_type: offering.type,
    offering_shared: true,
    offering_billable: true,
    offering_plugin_options: jsonObject(offering.pluginOptions),
    provider_name: offering.customer.name,
    ...(provider === null ? {} : { provider_uuid: provider.id }),
    category_title: CATEGORY.title,
    category_uuid: CATEGORY.uuid,
    ...(plan === null
      ? { plan_unit: null, plan_name: null, plan_uuid: null, plan_description: null }
      : {
          plan: urls.plan(plan.id),
          plan_unit: 'month',
          plan_name: plan.name,
          plan_uuid: plan.id,
          plan_description: '',
        }),
    attributes: jsonObject(order.attributes),
    limits: limitsObject(order.limits),
    uuid: order.id,
    created: isoDateTime(order.createdAt),
    modified: isoDateTime(order.modified),
    resource_uuid: null,
    resource_type: null,
    resource_name: resource?.name ?? stringAttribute(order.attributes, 'name') ?? '',
    cost: null,
    state: order.state,
    output: '',
    ...(resource === null ? {} : { marketplace_resource_uuid: resource.id }),
    error_message: order.errorMessage,
    error_traceback: order.errorTraceback,
    callback_url: null,
    completed_at: isoDateTimeOrNull(order.completedAt),
    request_comment: null,
    attachment: null,
    type: order.type,
    consumer_reviewed_by: order.consumerReviewedBy?.username ?? null,
    consumer_reviewed_by_full_name:
      order.consumerReviewedBy === null ? null : fullName(order.consumerReviewedBy),
    consumer_reviewed_by_username: order.consumerReviewedBy?.username ?? null,
    consumer_reviewed_at: isoDateTimeOrNull(order.consumerReviewedAt),
    provider_reviewed_by: order.providerReviewedBy?.username ?? null,
    provider_reviewed_by_full_name:
      order.providerReviewedBy === null ? null : fullName(order.providerReviewedBy),
    provider_reviewed_by_username: order.providerReviewedBy?.username ?? null,
    provider_reviewed_at: isoDateTimeOrNull(order.providerReviewedAt),
    created_by_username: order.createdBy.username,
    created_by_full_name: fullName(order.createdBy),
    created_by_civil_number: null,
    customer_name: project.customer.name,
    customer_uuid: project.customerId,
    customer_slug: project.customer.slug,
    project_name: project.name,
    project_uuid: project.id,
    project_description: '',
    project_slug: project.slug,
    old_plan_name: null,
    new_plan_name: null,
    old_plan_uuid: null,
    new_plan_uuid: null,
    new_cost_estimate: null,
    can_terminate: false,
    fixed_price: 0,
    activation_price: 0,
    termination_comment: null,
    backend_id: order.backendId ?? '',
    offering_customer_uuid: offering.customerId,
    offering_customer_name: offering.customer.name,
    offering_customer_slug: offering.customer.slug,
    issue: null,
    ...(order.providerRejectionComment === null
      ? {}
      : { provider_rejection_comment: order.providerRejectionComment }),
  };
}

function stringAttribute(attributes: Prisma.JsonValue, key: string): string | undefined {
  const value = jsonObject(attributes)[key];
  return typeof value === 'string' ? value : undefined;
}
