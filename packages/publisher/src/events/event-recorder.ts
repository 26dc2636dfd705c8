// Producers of the legacy STOMP events (docs/protocol.md#message-types) writing to the transactional outbox.
// HTTP calls these inside the same prisma.$transaction as the change, so an event exists iff the change
// committed (Waldur publishes outside the transaction and can lose or invent events). Each method picks
// recipients (docs/protocol.md#recipients), builds body + headers byte-identical to Waldur with @waldur-sim/protocol, inserts one
// OutboxMessage per queue and NOTIFYs the relays (delivered at commit). Payload key order is Waldur's.
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import { offeringUserRuntimeState, offeringUserStateCode } from './offering-user-state-codes.js';
import type { Tx } from './recipients.js';
import { recordEvent } from './record-event.js';
import { loadResourceUpdate } from './resource-update-payload.js';

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

/** A service or course account announced (username / user set) or withdrawn (state Closed). */
export interface AccountChange {
  readonly objectType: 'service_account' | 'course_account';
  readonly accountId: string;
  readonly action: 'create' | 'delete';
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
  accountChanged(tx: Tx, e: AccountChange): Promise<number>;
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
    // Raw SQL: order events are the most frequent, and the Prisma client's read costs several times the CPU.
    const [order] = await tx.$queryRaw<
      { id: string; state: string; offeringId: string; projectId: string }[]
    >`
      SELECT id, state, "offeringId", "projectId" FROM "Order" WHERE id = ${orderId}`;
    if (order === undefined) throw new EventRecorderError(`order ${orderId} does not exist`);
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
    const r = await loadResourceUpdate(tx, resourceId);
    if (r.offeringType !== SITE_AGENT_OFFERING_TYPE) return 0;
    const sequence = await nextSequenceNumber(tx, 'resource', r.content.resource_uuid);
    return this.emit(tx, r.offeringId, 'resource', { ...r.content, sequence_number: sequence }, [
      r.projectId,
    ]);
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

  /**
   * send_account_message (docs/protocol.md#service_account-and-course_account): one message per site-agent
   * offering with non-terminated resources in the account's project. A course account's username is its user's.
   */
  async accountChanged(tx: Tx, e: AccountChange): Promise<number> {
    const account =
      e.objectType === 'service_account'
        ? await tx.projectServiceAccount.findUniqueOrThrow({
            where: { id: e.accountId },
            select: { id: true, username: true, project: { select: { id: true, name: true } } },
          })
        : await tx.courseAccount
            .findUniqueOrThrow({
              where: { id: e.accountId },
              select: {
                id: true,
                user: { select: { username: true } },
                project: { select: { id: true, name: true } },
              },
            })
            .then((c) => ({ ...c, username: c.user.username }));
    const payload = {
      account_uuid: account.id,
      account_username: account.username ?? '',
      scope_type: 'project',
      project_uuid: account.project.id,
      project_name: account.project.name,
      action: e.action,
    };
    let n = 0;
    for (const offeringId of await siteAgentOfferingsOfProject(tx, account.project.id)) {
      n += await this.emit(tx, offeringId, e.objectType, payload, [account.project.id]);
    }
    return n;
  }

  /** Recipients -> outbox rows (+ NOTIFY), on the unified and the legacy path. */
  private async emit(
    tx: Tx,
    offeringId: string,
    objectType: ObservableObjectType,
    payload: Record<string, unknown>,
    consumerProjectIds: readonly string[],
  ): Promise<number> {
    return recordEvent(tx, { offeringId, objectType, payload, consumerProjectIds }, this.log);
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
