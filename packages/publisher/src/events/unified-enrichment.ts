// Fields the unified path adds to a payload (Waldur marketplace/utils.py _enrich_<type>_payload,
// docs/protocol.md#unified-path): orders get their type, resource, project, attributes and limits; resources their name, state,
// project and limits; user roles the user's email and full name. Other types are sent as they are.
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Tx } from './recipients.js';

type Payload = Readonly<Record<string, unknown>>;

function str(payload: Payload, key: string): string | null {
  const v = payload[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

async function enrichOrder(tx: Tx, payload: Payload): Promise<Record<string, unknown>> {
  const id = str(payload, 'order_uuid');
  if (id === null) return {};
  const order = await tx.order.findUnique({
    where: { id },
    select: {
      type: true,
      attributes: true,
      project: { select: { id: true, name: true } },
      resource: { select: { id: true, backendId: true, name: true, limits: true, planId: true } },
    },
  });
  if (order === null) return {};
  const r = order.resource;
  return {
    order_type: order.type,
    resource_uuid: r?.id ?? null,
    resource_backend_id: r?.backendId ?? '',
    resource_name: r?.name ?? '',
    project_uuid: order.project.id,
    project_name: order.project.name,
    attributes: order.attributes ?? {},
    limits: r?.limits ?? {},
    ...(r?.planId === null || r?.planId === undefined ? {} : { plan_uuid: r.planId }),
  };
}

async function enrichResource(tx: Tx, payload: Payload): Promise<Record<string, unknown>> {
  const id = str(payload, 'resource_uuid');
  if (id === null) return {};
  const r = await tx.resource.findUnique({
    where: { id },
    select: { name: true, state: true, limits: true, project: { select: { id: true, name: true } } },
  });
  if (r === null) return {};
  return {
    resource_name: r.name,
    resource_state: r.state,
    project_uuid: r.project.id,
    project_name: r.project.name,
    limits: r.limits ?? {},
  };
}

async function enrichUserRole(tx: Tx, payload: Payload): Promise<Record<string, unknown>> {
  const id = str(payload, 'user_uuid');
  if (id === null) return {};
  const u = await tx.user.findUnique({
    where: { id },
    select: { email: true, firstName: true, lastName: true },
  });
  if (u === null) return {};
  return { user_email: u.email, user_full_name: `${u.firstName} ${u.lastName}`.trim() };
}

export async function unifiedEnrichment(
  tx: Tx,
  objectType: ObservableObjectType,
  payload: Payload,
): Promise<Record<string, unknown>> {
  if (objectType === 'order') return enrichOrder(tx, payload);
  if (objectType === 'resource') return enrichResource(tx, payload);
  if (objectType === 'user_role') return enrichUserRole(tx, payload);
  return {};
}
