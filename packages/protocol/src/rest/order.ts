// OrderDetails (py-client models/order_details.py). py-client marks every key optional but parses any key that
// is present with its type (UUID, isoparse, OrderState/RequestTypes enums). Required here: what the publisher
// always sends and the agent reads (uuid, type, state, resource/project fields, limits, attributes).
import { z } from 'zod';
import { orderStateSchema } from '../enums/order-state.js';
import { orderTypeSchema } from '../enums/order-type.js';
import {
  absoluteUrlSchema,
  hexUuidSchema,
  isoDateTimeSchema,
  jsonObjectSchema,
  limitsSchema,
} from './rest-fields.js';

export const BILLING_UNITS = ['month', 'quarter', 'half_month', 'day', 'hour', 'quantity'] as const;
export const billingUnitSchema = z.enum(BILLING_UNITS);

export const orderSchema = z.looseObject({
  uuid: hexUuidSchema,
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  type: orderTypeSchema,
  state: orderStateSchema,
  offering_uuid: hexUuidSchema,
  project_uuid: hexUuidSchema,
  project_name: z.string(),
  customer_uuid: hexUuidSchema,
  resource_name: z.string(),
  marketplace_resource_uuid: hexUuidSchema,
  attributes: jsonObjectSchema,
  limits: limitsSchema,
  // Optional in py-client and here; typed when present.
  url: absoluteUrlSchema.optional(),
  offering: absoluteUrlSchema.optional(),
  offering_name: z.string().optional(),
  offering_type: z.string().optional(),
  offering_plugin_options: jsonObjectSchema.optional(),
  provider_uuid: hexUuidSchema.optional(),
  provider_name: z.string().optional(),
  plan: absoluteUrlSchema.optional(),
  plan_uuid: hexUuidSchema.nullable().optional(),
  plan_name: z.string().nullable().optional(),
  plan_unit: billingUnitSchema.nullable().optional(),
  resource_uuid: hexUuidSchema.nullable().optional(),
  resource_type: z.string().nullable().optional(),
  backend_id: z.string().optional(),
  output: z.string().optional(),
  error_message: z.string().optional(),
  error_traceback: z.string().optional(),
  callback_url: z.string().nullable().optional(),
  completed_at: isoDateTimeSchema.nullable().optional(),
  request_comment: z.string().nullable().optional(),
  consumer_reviewed_by: z.string().nullable().optional(),
  consumer_reviewed_at: isoDateTimeSchema.nullable().optional(),
  provider_reviewed_by: z.string().nullable().optional(),
  provider_reviewed_at: isoDateTimeSchema.nullable().optional(),
  created_by_username: z.string().optional(),
  created_by_full_name: z.string().optional(),
  customer_name: z.string().optional(),
  customer_slug: z.string().optional(),
  project_description: z.string().optional(),
  project_slug: z.string().optional(),
  can_terminate: z.boolean().optional(),
  fixed_price: z.number().optional(),
  activation_price: z.number().optional(),
  termination_comment: z.string().nullable().optional(),
  cost: z.string().nullable().optional(),
});

export type Order = z.infer<typeof orderSchema>;
