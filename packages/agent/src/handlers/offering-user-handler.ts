// OFFERING_USER messages (docs/protocol.md#offering_user): username_set adds the user to the listed resources; create and
// attribute_update pass attributes to the backend; update and delete are only logged (as in the real agent).
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function offeringUserHandler(deps: HandlerDeps): MessageHandler<'offering_user'> {
  return async (message) => {
    const log = deps.ctx.log.child({ offeringUser: message.offering_user_uuid, action: message.action });
    if (deps.ctx.membershipBackend === null) {
      log.warn('Membership sync backend is not configured; ignoring offering_user message');
      return;
    }
    switch (message.action) {
      case 'username_set':
        await deps.membership.processUsernameSet(message.username, message.resource_backend_ids);
        return;
      case 'create':
      case 'attribute_update':
        await deps.membership.processUserAttributes(message.username ?? '', message.attributes);
        return;
      case 'update':
      case 'delete':
        log.info('Offering user changed; nothing to do on the backend');
        return;
    }
  };
}
