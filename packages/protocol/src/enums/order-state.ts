// Order states as Waldur shows them (get_state_display) and the integers it stores (marketplace/enums.py).
import { z } from 'zod';

export const ORDER_STATES = [
  'pending-consumer',
  'pending-provider',
  'pending-project',
  'pending-start-date',
  'executing',
  'done',
  'erred',
  'canceled',
  'rejected',
] as const;

export type OrderState = (typeof ORDER_STATES)[number];
export const orderStateSchema = z.enum(ORDER_STATES);

/** Display name -> Waldur's integer code. */
export const ORDER_STATE_CODES: Readonly<Record<OrderState, number>> = Object.freeze({
  'pending-consumer': 1,
  'pending-provider': 7,
  'pending-project': 8,
  'pending-start-date': 9,
  executing: 2,
  done: 3,
  erred: 4,
  canceled: 5,
  rejected: 6,
});

export const TERMINAL_ORDER_STATES: readonly OrderState[] = Object.freeze([
  'done',
  'erred',
  'canceled',
  'rejected',
] as const);

export function isTerminalOrderState(state: OrderState): boolean {
  return TERMINAL_ORDER_STATES.includes(state);
}
