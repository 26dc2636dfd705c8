// ProviderOfferingDetails (py-client models/provider_offering_details.py) and OfferingComponent. All keys are
// optional in py-client; required here: what the publisher always sends. The agent asks for
// `field=components&field=customer_uuid&field=partitions&field=plugin_options`, so parse that with `.partial()`.
import { z } from 'zod';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema, jsonObjectSchema } from './rest-fields.js';

export const OFFERING_STATES = ['Draft', 'Active', 'Paused', 'Unavailable', 'Archived'] as const;
export const offeringStateSchema = z.enum(OFFERING_STATES);
export const BILLING_TYPES = ['fixed', 'usage', 'limit', 'one', 'few'] as const;
export const LIMIT_PERIODS = ['month', 'quarterly', 'annual', 'total'] as const;

export const offeringComponentSchema = z.looseObject({
  uuid: hexUuidSchema,
  type: z.string(),
  name: z.string(),
  measured_unit: z.string(),
  billing_type: z.enum(BILLING_TYPES),
  description: z.string().optional(),
  unit_factor: z.int().optional(),
  limit_period: z.enum(LIMIT_PERIODS).nullable().optional(),
  limit_amount: z.int().nullable().optional(),
  article_code: z.string().optional(),
  max_value: z.int().nullable().optional(),
  min_value: z.int().nullable().optional(),
  max_available_limit: z.int().nullable().optional(),
  default_limit: z.int().nullable().optional(),
  is_boolean: z.boolean().optional(),
  is_builtin: z.boolean().optional(),
  is_prepaid: z.boolean().optional(),
});

export const providerOfferingSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  name: z.string(),
  slug: z.string(),
  type: z.string(),
  state: offeringStateSchema,
  created: isoDateTimeSchema,
  customer: absoluteUrlSchema.nullable(),
  customer_uuid: hexUuidSchema.nullable(),
  customer_name: z.string().nullable(),
  components: z.array(offeringComponentSchema),
  plugin_options: jsonObjectSchema,
  // Optional, typed when present.
  description: z.string().optional(),
  backend_id: z.string().optional(),
  shared: z.boolean().optional(),
  billable: z.boolean().optional(),
  partitions: z.array(z.unknown()).optional(),
  secret_options: jsonObjectSchema.optional(),
  attributes: jsonObjectSchema.optional(),
  backend_metadata: jsonObjectSchema.optional(),
  plans: z.array(jsonObjectSchema).optional(),
});

export type OfferingComponent = z.infer<typeof offeringComponentSchema>;
export type ProviderOffering = z.infer<typeof providerOfferingSchema>;
