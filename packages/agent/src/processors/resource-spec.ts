// Maps Waldur's provider resource (and the order that touches it) to the backend's ResourceSpec.
import type { Order, ProviderResource } from '@waldur-sim/protocol';
import type { ResourceSpec } from '../backend/backend.js';

function nonEmpty(limits: Record<string, number> | undefined): limits is Record<string, number> {
  return limits !== undefined && Object.keys(limits).length > 0;
}

export function resourceSpec(resource: ProviderResource, order?: Order): ResourceSpec {
  const limits = nonEmpty(order?.limits) ? order.limits : resource.limits;
  const spec: ResourceSpec = {
    uuid: resource.uuid,
    name: resource.name,
    slug: resource.slug,
    backendId: resource.backend_id === '' ? null : resource.backend_id,
    projectUuid: resource.project_uuid,
    projectSlug: resource.project_slug,
    projectName: resource.project_name,
    customerUuid: resource.customer_uuid,
    customerSlug: resource.customer_slug,
    customerName: resource.customer_name,
    offeringUuid: resource.offering_uuid,
    offeringPluginOptions: resource.offering_plugin_options ?? order?.offering_plugin_options ?? {},
    limits: { ...limits },
    createdAt: resource.created,
    endDate: resource.end_date ?? null,
    restrictMemberAccess: resource.restrict_member_access,
    paused: resource.paused,
    downscaled: resource.downscaled,
  };
  return spec;
}

/** True when every key of `wanted` has the same value in `actual`. */
export function limitsMatch(wanted: Record<string, number>, actual: Record<string, number>): boolean {
  return Object.entries(wanted).every(([k, v]) => actual[k] === v);
}
