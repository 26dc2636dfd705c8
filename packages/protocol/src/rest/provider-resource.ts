// Provider resource (py-client models/resource.py, GET /api/marketplace-provider-resources/). The newest py-client
// marks every key optional (field= selection); older ones required ~70 keys. Required here: what the publisher
// always sends and the agent reads. Use `.partial()` for responses narrowed with `field=`.
import { z } from 'zod';
import { resourceStateSchema } from '../enums/resource-state.js';
import { billingUnitSchema } from './order.js';
import {
  absoluteUrlSchema,
  hexUuidSchema,
  isoDateSchema,
  isoDateTimeSchema,
  jsonObjectSchema,
  limitsSchema,
} from './rest-fields.js';

export const nestedEndpointSchema = z.looseObject({
  uuid: hexUuidSchema.optional(),
  name: z.string(),
  url: z.string(),
});

export const providerResourceSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  name: z.string(),
  slug: z.string(),
  state: resourceStateSchema,
  backend_id: z.string(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  offering: absoluteUrlSchema,
  offering_uuid: hexUuidSchema,
  offering_name: z.string(),
  offering_type: z.string(),
  project: absoluteUrlSchema,
  project_uuid: hexUuidSchema,
  project_name: z.string(),
  project_slug: z.string(),
  customer_uuid: hexUuidSchema,
  customer_name: z.string(),
  customer_slug: z.string(),
  limits: limitsSchema,
  attributes: jsonObjectSchema,
  backend_metadata: jsonObjectSchema,
  restrict_member_access: z.boolean(),
  downscaled: z.boolean(),
  paused: z.boolean(),
  // Optional, typed when present.
  resource_uuid: hexUuidSchema.nullable().optional(),
  resource_type: z.string().nullable().optional(),
  effective_id: z.string().optional(),
  description: z.string().optional(),
  scope: z.string().optional(),
  offering_plugin_options: jsonObjectSchema.optional(),
  provider_uuid: hexUuidSchema.optional(),
  provider_name: z.string().optional(),
  plan: absoluteUrlSchema.optional(),
  plan_uuid: hexUuidSchema.nullable().optional(),
  plan_name: z.string().nullable().optional(),
  plan_unit: billingUnitSchema.nullable().optional(),
  current_usages: z.record(z.string(), z.number()).optional(),
  is_usage_based: z.boolean().optional(),
  is_limit_based: z.boolean().optional(),
  can_terminate: z.boolean().optional(),
  end_date: isoDateSchema.nullable().optional(),
  project_end_date: isoDateSchema.nullable().optional(),
  username: z.string().nullable().optional(),
  endpoints: z.array(nestedEndpointSchema).optional(),
  error_message: z.string().optional(),
  error_traceback: z.string().optional(),
  options: z.unknown().optional(),
  available_actions: z.array(z.string()).optional(),
  last_sync: isoDateTimeSchema.optional(),
  order_in_progress: jsonObjectSchema.nullable().optional(),
  creation_order: jsonObjectSchema.nullable().optional(),
});

export type ProviderResource = z.infer<typeof providerResourceSchema>;
