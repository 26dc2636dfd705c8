// Provider resources (py-client Resource as returned by marketplace-provider-resources) and the `team/` rows
// (ProjectUser).
import type { Prisma, User } from '../../generated/prisma/client.js';
import { fullName, isoDate, isoDateTime, jsonArray, jsonObject, limitsObject } from './format.js';
import { CATEGORY, type Urls } from './urls.js';

export const resourceInclude = {
  offering: { include: { customer: { include: { serviceProvider: true } }, components: true } },
  project: { include: { customer: true } },
  plan: true,
} satisfies Prisma.ResourceInclude;
export type ResourceWithRelations = Prisma.ResourceGetPayload<{ include: typeof resourceInclude }>;

export function serializeResource(resource: ResourceWithRelations, urls: Urls) {
  const { offering, project, plan } = resource;
  const provider = offering.customer.serviceProvider;
  const billingTypes = new Set(offering.components.map((c) => c.billingType));
  return {
    offering: urls.offering(offering.id),
    offering_name: offering.name,
    offering_uuid: offering.id,
    offering_description: offering.description,
    offering_type: offering.type,
    offering_terms_of_service: '',
    offering_shared: true,
    offering_billable: true,
    offering_plugin_options: jsonObject(offering.pluginOptions),
    provider_name: offering.customer.name,
    ...(provider === null ? {} : { provider_uuid: provider.id }),
    category_title: CATEGORY.title,
    category_uuid: CATEGORY.uuid,
    ...(plan === null
      ? {}
      : {
          plan: urls.plan(plan.id),
          plan_unit: 'month',
          plan_name: plan.name,
          plan_uuid: plan.id,
          plan_description: '',
        }),
    attributes: jsonObject(resource.attributes),
    limits: limitsObject(resource.limits),
    uuid: resource.id,
    created: isoDateTime(resource.createdAt),
    modified: isoDateTime(resource.modified),
    url: urls.resource(resource.id),
    description: '',
    state: resource.state,
    resource_uuid: resource.id,
    backend_id: resource.backendId ?? '',
    effective_id: '',
    resource_type: null,
    project: urls.project(project.id),
    project_uuid: project.id,
    project_name: project.name,
    project_description: '',
    project_slug: project.slug,
    project_end_date: null,
    project_end_date_requested_by: null,
    customer_uuid: project.customerId,
    customer_name: project.customer.name,
    customer_slug: project.customer.slug,
    backend_metadata: jsonObject(resource.backendMetadata),
    is_usage_based: billingTypes.has('usage'),
    is_limit_based: billingTypes.has('limit'),
    name: resource.name,
    slug: resource.slug,
    current_usages: {},
    can_terminate: resource.state === 'OK' || resource.state === 'Erred',
    report: [],
    end_date: resource.endDate === null ? null : isoDate(resource.endDate),
    end_date_requested_by: null,
    username: null,
    downscaled: resource.downscaled,
    restrict_member_access: resource.restrictMemberAccess,
    paused: resource.paused,
    endpoints: jsonArray(resource.endpoints),
    error_message: resource.errorMessage,
    error_traceback: resource.errorTraceback,
    offering_customer_uuid: offering.customerId,
    options: {},
    available_actions: [],
    last_sync: isoDateTime(resource.lastSync ?? resource.modified),
    order_in_progress: null,
    creation_order: null,
  };
}

/** One row of GET …/marketplace-provider-resources/{uuid}/team/ (py-client ProjectUser). */
export function serializeTeamMember(
  member: {
    readonly user: User;
    readonly role: string;
    readonly offeringUsername: string | null;
    /** State of the user's offering user, null when the user has none. */
    readonly offeringUserState: string | null;
  },
  urls: Urls,
) {
  return {
    url: urls.user(member.user.id),
    uuid: member.user.id,
    username: member.user.username,
    full_name: fullName(member.user),
    role: member.role,
    expiration_time: null,
    offering_user_username: member.offeringUsername,
    offering_user_state: member.offeringUserState,
    email: member.user.email,
  };
}
