// Order types as Waldur's REST API shows them, with the integers Waldur stores.
import { z } from 'zod';

export const ORDER_TYPES = ['Create', 'Update', 'Terminate', 'Restore'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const orderTypeSchema = z.enum(ORDER_TYPES);

export const ORDER_TYPE_CODES: Readonly<Record<OrderType, number>> = Object.freeze({
  Create: 1,
  Update: 2,
  Terminate: 3,
  Restore: 4,
});
