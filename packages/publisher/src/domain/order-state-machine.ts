// Waldur's order state machine (docs/protocol.md#order-state-machine), as pure data so the REST layer, the tests and the
// docs share one table. Each REST action names the states it may start from; anything else is a 409.
import type { OrderState, OrderType, ResourceState } from '@waldur-sim/protocol';

/** REST actions that move an order between states. */
export type OrderAction =
  | 'approve_by_consumer'
  | 'reject_by_consumer'
  | 'approve_by_provider'
  | 'reject_by_provider'
  | 'set_state_executing'
  | 'set_state_done'
  | 'set_state_erred'
  | 'cancel';

const PENDING: readonly OrderState[] = [
  'pending-consumer',
  'pending-provider',
  'pending-project',
  'pending-start-date',
];

/**
 * Source states per action. approve/reject follow the view validators (provider review needs `pending-provider`),
 * the rest follow the django-fsm transitions. `cancel` and `set_state_erred` are limited to non-terminal states
 * (plus `erred` -> `erred`, so an agent may re-report an error idempotently).
 */
export const ORDER_TRANSITION_SOURCES: Readonly<Record<OrderAction, readonly OrderState[]>> = Object.freeze({
  approve_by_consumer: ['pending-consumer'],
  reject_by_consumer: ['pending-consumer'],
  approve_by_provider: ['pending-provider'],
  reject_by_provider: ['pending-provider'],
  set_state_executing: [...PENDING, 'erred'],
  set_state_done: ['executing'],
  set_state_erred: [...PENDING, 'executing', 'erred'],
  cancel: [...PENDING, 'executing'],
});

/** Thrown for a transition the table does not allow; the REST layer answers 409. */
export class InvalidOrderTransitionError extends Error {
  override readonly name = 'InvalidOrderTransitionError';
  readonly code = 'ERR_INVALID_ORDER_TRANSITION';
  readonly action: OrderAction;
  readonly from: OrderState;
  readonly validStates: readonly OrderState[];

  constructor(action: OrderAction, from: OrderState) {
    const validStates = ORDER_TRANSITION_SOURCES[action];
    // Waldur's StateValidator wording (core/validators.py).
    super(`Valid states for operation: ${validStates.join(', ')}.`);
    this.action = action;
    this.from = from;
    this.validStates = validStates;
  }
}

export function canTransition(action: OrderAction, from: OrderState): boolean {
  return ORDER_TRANSITION_SOURCES[action].includes(from);
}

/** What `approve_by_consumer` leads to: a future project start delays, provider review is required otherwise. */
export function stateAfterConsumerApproval(input: {
  readonly projectStartDate: Date | null;
  readonly now: Date;
  readonly providerReviewRequired: boolean;
}): OrderState {
  if (input.projectStartDate !== null && input.projectStartDate.getTime() > input.now.getTime()) {
    return 'pending-project';
  }
  return input.providerReviewRequired ? 'pending-provider' : 'executing';
}

/** Target state of each action except `approve_by_consumer` (see {@link stateAfterConsumerApproval}). */
export function targetState(action: Exclude<OrderAction, 'approve_by_consumer'>): OrderState {
  switch (action) {
    case 'reject_by_consumer':
    case 'reject_by_provider':
      return 'rejected';
    case 'approve_by_provider':
    case 'set_state_executing':
      return 'executing';
    case 'set_state_done':
      return 'done';
    case 'set_state_erred':
      return 'erred';
    case 'cancel':
      return 'canceled';
  }
}

/**
 * Resource state after an executing order finishes (marketplace/callbacks.py OrderHandlers); null = unchanged.
 * A failed Create whose resource never got a backend id is Terminated (newest Waldur behaviour).
 */
export function resourceStateAfterOrder(input: {
  readonly orderType: OrderType;
  readonly outcome: 'done' | 'erred';
  readonly resourceHasBackendId: boolean;
}): ResourceState {
  const { orderType, outcome } = input;
  if (outcome === 'done') return orderType === 'Terminate' ? 'Terminated' : 'OK';
  if (orderType === 'Create' && !input.resourceHasBackendId) return 'Terminated';
  return 'Erred';
}

/** Resource state while an order of this type executes; null = unchanged. */
export function resourceStateWhileExecuting(orderType: OrderType): ResourceState | null {
  switch (orderType) {
    case 'Update':
      return 'Updating';
    case 'Terminate':
      return 'Terminating';
    case 'Create':
    case 'Restore':
      return null;
  }
}
