// RESOURCE_API_KEY_ROTATION messages (docs/protocol.md#resource_api_key_rotation): only for backends with resource API keys; SLURM has
// none, so the message is logged and acknowledged.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function apiKeyRotationHandler(deps: HandlerDeps): MessageHandler<'resource_api_key_rotation'> {
  return (message) => {
    deps.ctx.log.info(
      {
        resource: message.resource_uuid,
        apiKey: message.api_key_uuid,
        backend: deps.ctx.offering.backend_type,
      },
      'API key rotation is not supported by this backend; ignoring',
    );
    return Promise.resolve();
  };
}
