// ORDER messages (docs/protocol.md#order): states the provider cannot act on are dropped without any REST call
// (tests/test_order_state_filtering.py); otherwise the order is re-read and processed under its lock.
import type { OrderState, OrderStateMessage } from '@waldur-sim/protocol';
import type { MessageHandler } from '../stomp/delivery-processor.js';
import type { HandlerDeps } from './handler-deps.js';

/** Dropped without REST calls: terminal, waiting for the consumer, or not yet startable. */
export const IGNORED_ORDER_STATES: ReadonlySet<OrderState> = new Set<OrderState>([
  'done',
  'erred',
  'pending-consumer',
  'canceled',
  'rejected',
  'pending-project',
  'pending-start-date',
]);

export function orderHandler(deps: HandlerDeps): MessageHandler<'order'> {
  // Not async: the dropped states return without a promise, so their messages settle in the same tick
  // (docs/agent.md#consumer-hot-path).
  return (message) => {
    const log = deps.ctx.log;
    const order = message.order_uuid;
    if (message.action === 'provider_info_set') {
      log.debug({ order }, 'provider_info_set notification; nothing for the provider to do');
      return;
    }
    const state = (message as OrderStateMessage).order_state;
    if (IGNORED_ORDER_STATES.has(state)) {
      // Per-message no-op path: debug, the INFO "Processing message" line already names the order.
      log.debug({ order, state }, 'Order state is not actionable; skipping');
      return;
    }
    if (deps.ctx.orderBackend === null) {
      log.warn({ order }, 'Order processing backend is not configured; ignoring order message');
      return;
    }
    return deps.orders.processOrderByUuid(message.order_uuid).then((outcome) => {
      log.info({ order, outcome }, 'Order message processed');
    });
  };
}
