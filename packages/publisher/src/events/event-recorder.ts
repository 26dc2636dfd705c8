// Producers of the legacy STOMP events (docs/protocol.md#message-types) writing to the transactional outbox.
// HTTP calls these inside the same prisma.$transaction as the change, so an event exists iff the change
// committed (Waldur publishes outside the transaction and can lose or invent events). Each method picks
// recipients (docs/protocol.md#recipients), builds body + headers byte-identical to Waldur with @waldur-sim/protocol, inserts one
// OutboxMessage per queue (one statement) and NOTIFYs the relays (delivered at commit). Payload key order is Waldur's.
import { buildMessage, type ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox-channel.js';
import { offeringUserRuntimeState, offeringUserStateCode } from './offering-user-state-codes.js';
import { findRecipients, type Tx } from './recipients.js';

export class EventRecorderError extends Error {
  override readonly name = 'EventRecorderError';
  readonly code = 'ERR_EVENT_RECORDER' as const;
}

export const SITE_AGENT_OFFERING_TYPE = 'Marketplace.Slurm';

export interface RoleChange {
  readonly userId: string;
  readonly projectId: string;
  readonly roleName: string;
  readonly granted: boolean;
}

export interface OfferingUserSnapshot {
  readonly id: string;
  readonly userId: string;
  readonly username: string | null;
  readonly offeringId: string;
}

/** Every method returns the number of outbox rows (= subscriber queues) written. */
export interface EventRecorder {
  orderStateChanged(tx: Tx, orderId: string): Promise<number>;
  roleChanged(tx: Tx, e: RoleChange): Promise<number>;
  resourceFlagsChanged(tx: Tx, resourceId: string): Promise<number>;
  projectRoleSyncRequested(tx: Tx, projectId: string): Promise<number>;
  resourceRoleSyncRequested(tx: Tx, resourceId: string): Promise<number>;
  offeringUserCreated(tx: Tx, offeringUserId: string): Promise<number>;
  offeringUserUpdated(tx: Tx, offeringUserId: string, changedFields: string[]): Promise<number>;
  offeringUserUsernameSet(tx: Tx, offeringUserId: string): Promise<number>;
  offeringUserDeleted(tx: Tx, snapshot: OfferingUserSnapshot): Promise<number>;
  offeringResourcesSyncRequested(tx: Tx, offeringId: string, requestedByUserId: string): Promise<number>;
  backendResourcesRequested(tx: Tx, offeringId: string, requestId: string): Promise<number>;
}

export interface OutboxEventRecorderOptions {
  readonly log?: Logger;
}

export class OutboxEventRecorder implements EventRecorder {
  private readonly log: Logger | undefined;

  constructor(opts: OutboxEventRecorderOptions = {}) {
    this.log = opts.log;
  }

  /** Every state change of an order: {order_uuid, order_state}. */
  async orderStateChanged(tx: Tx, orderId: string): Promise<number> {
    const order = await tx.order.findUniqueOrThrow({
      where: { id: orderId },
      select: { id: true, state: true, offeringId: true, projectId: true },
    });
    return this.emit(tx, order.offeringId, 'order', { order_uuid: order.id, order_state: order.state }, [
      order.projectId,
    ]);
  }

  /** Project role granted/revoked: one message per site-agent offering with live resources in the project. */
  async roleChanged(tx: Tx, e: RoleChange): Promise<number> {
    // Sequential: one transaction is one connection, so parallel queries would only queue (and pg warns).
    const user = await tx.user.findUniqueOrThrow({
      where: { id: e.userId },
      select: { id: true, username: true },
    });
    const project = await tx.project.findUniqueOrThrow({
      where: { id: e.projectId },
      select: { id: true, name: true },
    });
    const payload = {
      user_uuid: user.id,
      user_username: user.username,
      project_uuid: project.id,
      project_name: project.name,
      role_name: e.roleName,
      granted: e.granted,
    };
    let n = 0;
    for (const offeringId of await siteAgentOfferingsOfProject(tx, project.id)) {
      n += await this.emit(tx, offeringId, 'user_role', payload, [project.id]);
    }
    return n;
  }

  /** downscaled / restrict_member_access / paused changed on a site-agent resource (docs/protocol.md#resource). */
  async resourceFlagsChanged(tx: Tx, resourceId: string): Promise<number> {
    const r = await tx.resource.findUniqueOrThrow({
      where: { id: resourceId },
      select: {
        id: true,
        backendId: true,
        downscaled: true,
        restrictMemberAccess: true,
        paused: true,
        projectId: true,
        offering: { select: { id: true, type: true } },
      },
    });
    if (r.offering.type !== SITE_AGENT_OFFERING_TYPE) return 0;
    const sequence = await nextSequenceNumber(tx, 'resource', r.id);
    const payload = {
      resource_uuid: r.id,
      resource_backend_id: r.backendId ?? '',
      downscaled: r.downscaled,
      restrict_member_access: r.restrictMemberAccess,
      paused: r.paused,
      sequence_number: sequence,
    };
    return this.emit(tx, r.offering.id, 'resource', payload, [r.projectId]);
  }

  /** POST /api/projects/{uuid}/sync_user_roles/: {project_uuid, project_name} per site-agent offering. */
  async projectRoleSyncRequested(tx: Tx, projectId: string): Promise<number> {
    const project = await tx.project.findUniqueOrThrow({
      where: { id: projectId },
      select: { id: true, name: true },
    });
    let n = 0;
    for (const offeringId of await siteAgentOfferingsOfProject(tx, project.id)) {
      n += await this.emit(
        tx,
        offeringId,
        'user_role',
        { project_uuid: project.id, project_name: project.name },
        [project.id],
      );
    }
    return n;
  }

  /** POST …/provider-resources/{uuid}/sync_user_roles/: {project_uuid, project_name, resource_uuid}. */
  async resourceRoleSyncRequested(tx: Tx, resourceId: string): Promise<number> {
    const r = await tx.resource.findUniqueOrThrow({
      where: { id: resourceId },
      select: { id: true, offeringId: true, project: { select: { id: true, name: true } } },
    });
    const payload = { project_uuid: r.project.id, project_name: r.project.name, resource_uuid: r.id };
    return this.emit(tx, r.offeringId, 'user_role', payload, [r.project.id]);
  }

  /** send_offering_user_created_message (any offering type). */
  async offeringUserCreated(tx: Tx, offeringUserId: string): Promise<number> {
    const ou = await loadOfferingUser(tx, offeringUserId);
    const payload = {
      offering_user_uuid: ou.id,
      user_uuid: ou.user.id,
      username: ou.username,
      state: ou.state,
      runtime_state: offeringUserRuntimeState(ou.state),
      action: 'create',
      attributes: userAttributes(ou.user),
    };
    return this.emit(
      tx,
      ou.offeringId,
      'offering_user',
      payload,
      await consumerProjectsOfUser(tx, ou.user.id, ou.offeringId),
    );
  }

  /** send_offering_user_updated_message; `changedFields` are Waldur field names (e.g. "username", "state"). */
  async offeringUserUpdated(tx: Tx, offeringUserId: string, changedFields: string[]): Promise<number> {
    if (changedFields.length === 0) return 0;
    const ou = await loadOfferingUser(tx, offeringUserId);
    const payload = {
      offering_user_uuid: ou.id,
      user_uuid: ou.user.id,
      username: ou.username,
      state: ou.state,
      runtime_state: offeringUserRuntimeState(ou.state),
      changed_fields: changedFields,
      action: 'update',
    };
    return this.emit(
      tx,
      ou.offeringId,
      'offering_user',
      payload,
      await consumerProjectsOfUser(tx, ou.user.id, ou.offeringId),
    );
  }

  /** send_offering_user_username_message: site-agent offerings, username set to non-empty. */
  async offeringUserUsernameSet(tx: Tx, offeringUserId: string): Promise<number> {
    const ou = await loadOfferingUser(tx, offeringUserId);
    if (ou.offering.type !== SITE_AGENT_OFFERING_TYPE || ou.username === null || ou.username === '') return 0;
    const projects = await consumerProjectsOfUser(tx, ou.user.id, ou.offeringId);
    const resources = await tx.resource.findMany({
      where: { offeringId: ou.offeringId, projectId: { in: projects }, state: { not: 'Terminated' } },
      select: { backendId: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const payload = {
      username: ou.username,
      offering_user_uuid: ou.id,
      user_uuid: ou.user.id,
      state: offeringUserStateCode(ou.state),
      action: 'username_set',
      resource_backend_ids: resources
        .map((r) => r.backendId)
        .filter((b): b is string => b !== null && b !== ''),
    };
    return this.emit(tx, ou.offeringId, 'offering_user', payload, projects);
  }

  /** send_offering_user_deleted_message; takes a snapshot because the row is gone by then. */
  async offeringUserDeleted(tx: Tx, snapshot: OfferingUserSnapshot): Promise<number> {
    const payload = {
      offering_user_uuid: snapshot.id,
      user_uuid: snapshot.userId,
      username: snapshot.username,
      action: 'delete',
    };
    return this.emit(
      tx,
      snapshot.offeringId,
      'offering_user',
      payload,
      await consumerProjectsOfUser(tx, snapshot.userId, snapshot.offeringId),
    );
  }

  /** POST …/provider-offerings/{uuid}/sync_resources/: {requested_by_user_uuid}; returns queues reached. */
  async offeringResourcesSyncRequested(
    tx: Tx,
    offeringId: string,
    requestedByUserId: string,
  ): Promise<number> {
    return this.emit(
      tx,
      offeringId,
      'offering_resources_sync',
      { requested_by_user_uuid: requestedByUserId },
      [],
    );
  }

  /** POST /api/backend-resource-requests/: {backend_resource_request_uuid} to the offering's agents. */
  async backendResourcesRequested(tx: Tx, offeringId: string, requestId: string): Promise<number> {
    return this.emit(
      tx,
      offeringId,
      'importable_resources',
      { backend_resource_request_uuid: requestId },
      [],
    );
  }

  /** Recipients -> outbox rows (+ NOTIFY). */
  private async emit(
    tx: Tx,
    offeringId: string,
    objectType: ObservableObjectType,
    payload: Record<string, unknown>,
    consumerProjectIds: readonly string[],
  ): Promise<number> {
    const recipients = await findRecipients(tx, { offeringId, objectType, consumerProjectIds });
    if (recipients.length === 0) {
      this.log?.debug({ offeringId, objectType }, 'no subscriber queue for event');
      return 0;
    }
    const rows = recipients.map((r) =>
      buildMessage({
        vhost: r.vhost,
        subscriptionUuid: r.subscriptionId,
        offeringUuid: offeringId,
        objectType,
        payload,
      }),
    );
    // One statement for every queue of the event, and the NOTIFY with it (delivered at commit). Prisma's
    // createMany costs a multiple of this in CPU at large fan-outs. Timestamps in UTC, as Prisma writes them.
    await tx.$executeRaw`
      WITH rows AS (
        INSERT INTO "OutboxMessage"
          (vhost, queue, topic, body, headers, "objectType", "subscriptionQueueId", "createdAt", "availableAt")
        SELECT v, q, t, b, h::json, ${objectType}, s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM unnest(${rows.map((m) => m.vhost)}::text[], ${rows.map((m) => m.queue)}::text[],
                      ${rows.map((m) => m.topic)}::text[], ${rows.map((m) => m.body)}::text[],
                      ${rows.map((m) => JSON.stringify(m.headers))}::text[],
                      ${recipients.map((r) => r.subscriptionQueueId)}::text[]) AS x(v, q, t, b, h, s)
        RETURNING 1
      )
      SELECT pg_notify(${OUTBOX_NOTIFY_CHANNEL}, '')`;
    this.log?.debug({ offeringId, objectType, queues: rows.length }, 'event recorded');
    return rows.length;
  }
}

async function loadOfferingUser(tx: Tx, id: string) {
  return tx.offeringUser.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      username: true,
      state: true,
      offeringId: true,
      offering: { select: { type: true } },
      user: { select: { id: true, username: true, email: true, firstName: true, lastName: true } },
    },
  });
}

/**
 * Exposed user attributes (OfferingUserAttributeConfig defaults in this emulator: username, email,
 * first_name, last_name), empty values left out as Waldur's _build_filtered_user_attributes does.
 */
function userAttributes(u: { username: string; email: string; firstName: string; lastName: string }) {
  const attrs: Record<string, string> = {};
  const fields: [string, string][] = [
    ['username', u.username],
    ['email', u.email],
    ['first_name', u.firstName],
    ['last_name', u.lastName],
  ];
  for (const [k, v] of fields) if (v !== '') attrs[k] = v;
  return attrs;
}

/** Site-agent offerings that have non-terminated resources in the project (oldest first). */
async function siteAgentOfferingsOfProject(tx: Tx, projectId: string): Promise<string[]> {
  const rows = await tx.offering.findMany({
    where: {
      type: SITE_AGENT_OFFERING_TYPE,
      resources: { some: { projectId, state: { not: 'Terminated' } } },
    },
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => r.id);
}

/** Projects where the user has an active role and which have non-terminated resources of the offering. */
async function consumerProjectsOfUser(tx: Tx, userId: string, offeringId: string): Promise<string[]> {
  const rows = await tx.project.findMany({
    where: {
      permissions: { some: { userId, isActive: true } },
      resources: { some: { offeringId, state: { not: 'Terminated' } } },
    },
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => r.id);
}

/** Waldur get_next_sequence_number: per (type, object), starts at 1; atomic across publishers. */
export async function nextSequenceNumber(tx: Tx, objectType: string, objectId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO "MessageSequence" ("objectType", "objectId", "value", "modified")
    VALUES (${objectType}, ${objectId}, 1, now())
    ON CONFLICT ("objectType", "objectId") DO UPDATE SET "value" = "MessageSequence"."value" + 1, "modified" = now()
    RETURNING "value"`;
  const value = rows[0]?.value;
  if (value === undefined) throw new EventRecorderError('sequence upsert returned no row');
  return value;
}
