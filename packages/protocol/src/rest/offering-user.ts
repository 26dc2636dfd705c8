// OfferingUser (py-client models/offering_user.py). All keys are optional in py-client (parsed by type when
// present); required here: what the publisher always sends and the agent reads.
import { z } from 'zod';
import { offeringUserStateSchema } from '../enums/offering-user-state.js';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema } from './rest-fields.js';

export const OFFERING_USER_RUNTIME_STATES = [
  'Active',
  'Pending account linking',
  'Pending additional validation',
] as const;

export const offeringUserSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  user: absoluteUrlSchema,
  user_uuid: hexUuidSchema,
  user_username: z.string(),
  offering: absoluteUrlSchema,
  offering_uuid: hexUuidSchema,
  offering_name: z.string(),
  username: z.string().nullable(),
  state: offeringUserStateSchema,
  is_restricted: z.boolean(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  // Optional, typed when present.
  runtime_state: z.enum(OFFERING_USER_RUNTIME_STATES).optional(),
  user_full_name: z.string().optional(),
  user_first_name: z.string().optional(),
  user_last_name: z.string().optional(),
  user_email: z.string().optional(),
  user_organization: z.string().optional(),
  customer_uuid: hexUuidSchema.optional(),
  customer_name: z.string().optional(),
  service_provider_comment: z.string().optional(),
  service_provider_comment_url: z.string().optional(),
  has_consent: z.boolean().optional(),
  is_profile_complete: z.boolean().optional(),
});

export type OfferingUser = z.infer<typeof offeringUserSchema>;
