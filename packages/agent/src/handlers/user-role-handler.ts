// USER_ROLE messages (docs/protocol.md#user_role): a truthy user_uuid is a grant/revoke; otherwise a resource-scoped
// (resource_uuid) or project-wide resync.
import type { UserRoleMessage, UserRoleSyncMessage } from '@waldur-sim/protocol';
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function userRoleHandler(deps: HandlerDeps): MessageHandler<'user_role'> {
  return async (message) => {
    if (deps.ctx.membershipBackend === null) {
      deps.ctx.log.warn('Membership sync backend is not configured; ignoring user_role message');
      return;
    }
    if (typeof message.user_uuid === 'string' && message.user_uuid !== '') {
      const change = message as UserRoleMessage;
      await deps.membership.processUserRoleChanged(change.user_uuid, change.project_uuid, change.granted);
      return;
    }
    const sync = message as UserRoleSyncMessage;
    if (sync.resource_uuid !== undefined) {
      await deps.membership.processResourceUserSync(sync.resource_uuid);
      return;
    }
    await deps.membership.processProjectUserSync(message.project_uuid);
  };
}
