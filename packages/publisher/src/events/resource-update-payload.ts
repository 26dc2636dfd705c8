// The `resource` message content (docs/protocol.md#resource, push_resource_update_message) without its
// sequence_number, shared by the flag-change producer and the periodic resync.
import type { Tx } from './recipients.js';

export interface ResourceUpdate {
  readonly offeringId: string;
  readonly offeringType: string;
  readonly projectId: string;
  readonly content: {
    readonly resource_uuid: string;
    readonly resource_backend_id: string;
    readonly downscaled: boolean;
    readonly restrict_member_access: boolean;
    readonly paused: boolean;
  };
}

export async function loadResourceUpdate(tx: Tx, resourceId: string): Promise<ResourceUpdate> {
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
  return {
    offeringId: r.offering.id,
    offeringType: r.offering.type,
    projectId: r.projectId,
    content: {
      resource_uuid: r.id,
      resource_backend_id: r.backendId ?? '',
      downscaled: r.downscaled,
      restrict_member_access: r.restrictMemberAccess,
      paused: r.paused,
    },
  };
}
