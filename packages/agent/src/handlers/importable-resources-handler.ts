// IMPORTABLE_RESOURCES messages (docs/protocol.md#importable_resources). Importing needs a backend that can list accounts unknown
// to Waldur; the Backend interface has no such call yet, so the request is started and then erred with a clear
// reason instead of silently reporting success.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function importableResourcesHandler(deps: HandlerDeps): MessageHandler<'importable_resources'> {
  return async (message) => {
    const uuid = message.backend_resource_request_uuid;
    deps.ctx.log.warn(
      { request: uuid },
      'Resource import is not supported by this agent; erring the request',
    );
    await deps.ctx.api.startBackendResourceRequest(uuid);
    await deps.ctx.api.setBackendResourceRequestErred(uuid, {
      error_message: `Resource import is not supported by the ${deps.ctx.offering.backend_type} backend of this agent`,
      error_traceback: '',
    });
  };
}
