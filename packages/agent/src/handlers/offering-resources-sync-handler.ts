// OFFERING_RESOURCES_SYNC messages (docs/protocol.md#offering_resources_sync): forced reconciliation — (a) membership sync of every
// resource re-creating missing backend accounts, then (b) all actionable orders. (a) failing does not skip (b);
// any failure is re-raised afterwards so the request is retried.
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

export function offeringResourcesSyncHandler(deps: HandlerDeps): MessageHandler<'offering_resources_sync'> {
  return async (message) => {
    const log = deps.ctx.log.child({ requestedBy: message.requested_by_user_uuid });
    let firstError: unknown = null;
    if (deps.ctx.membershipBackend !== null) {
      try {
        await deps.membership.processOffering({ recreateMissing: true });
      } catch (err) {
        log.error({ err }, 'Offering membership sync failed');
        firstError = err;
      }
    }
    if (deps.ctx.orderBackend !== null) {
      try {
        const result = await deps.orders.processOffering();
        if (result.failed > 0)
          throw new Error(`${String(result.failed)} of ${String(result.processed)} orders failed`);
      } catch (err) {
        log.error({ err }, 'Offering order processing failed');
        firstError ??= err;
      }
    }
    if (firstError !== null)
      throw firstError instanceof Error
        ? firstError
        : new Error('Offering resources sync failed', { cause: firstError });
  };
}
