// `order` payloads (docs/protocol.md#order): state change, hourly pending resend, provider_info_set.
import { z } from 'zod';
import { orderStateSchema } from '../enums/order-state.js';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField, sequenceNumberSchema } from './common-fields.js';

/** OrderMessage contract: {order_uuid, order_state} (+ offering_uuid). */
export const orderStateMessageSchema = z.looseObject({
  order_uuid: hexUuidSchema,
  order_state: orderStateSchema,
  offering_uuid: offeringUuidField,
});

/** PendingOrderMessage contract: the hourly resend carries a sequence number. */
export const pendingOrderMessageSchema = orderStateMessageSchema.extend({
  sequence_number: sequenceNumberSchema,
});

/** notify_consumer_about_provider_info: no order_state. */
export const orderProviderInfoMessageSchema = z.looseObject({
  order_uuid: hexUuidSchema,
  action: z.literal('provider_info_set'),
  offering_uuid: offeringUuidField,
});

/** Any payload on the `order` channel. */
export const orderMessageSchema = z.union([
  orderStateMessageSchema.extend({ sequence_number: sequenceNumberSchema.optional() }),
  orderProviderInfoMessageSchema,
]);

export type OrderStateMessage = z.infer<typeof orderStateMessageSchema>;
export type PendingOrderMessage = z.infer<typeof pendingOrderMessageSchema>;
export type OrderProviderInfoMessage = z.infer<typeof orderProviderInfoMessageSchema>;
export type OrderMessage = z.infer<typeof orderMessageSchema>;
