// RESOURCE messages (docs/protocol.md#resource): only resource_uuid is read; the resource is re-read and fully synced.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function resourceHandler(deps: HandlerDeps): MessageHandler<'resource'> {
  return async (message) => {
    if (deps.ctx.membershipBackend === null) {
      deps.ctx.log.warn('Membership sync backend is not configured; ignoring resource message');
      return;
    }
    await deps.membership.processResourceByUuid(message.resource_uuid);
  };
}
