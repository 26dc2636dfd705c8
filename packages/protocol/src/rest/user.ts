// User (py-client models/user.py, GET /api/users/me/). All keys optional in py-client; required here: what the
// publisher always sends.
import { z } from 'zod';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema } from './rest-fields.js';

export const userSchema = z.looseObject({
  url: absoluteUrlSchema,
  uuid: hexUuidSchema,
  username: z.string(),
  full_name: z.string(),
  email: z.string(),
  is_staff: z.boolean(),
  is_active: z.boolean(),
  is_support: z.boolean(),
  // Optional, typed when present.
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  slug: z.string().optional(),
  organization: z.string().optional(),
  civil_number: z.string().nullable().optional(),
  date_joined: isoDateTimeSchema.optional(),
  token: z.string().optional(),
  token_lifetime: z.int().nullable().optional(),
  token_expires_at: isoDateTimeSchema.nullable().optional(),
  registration_method: z.string().optional(),
  preferred_language: z.string().optional(),
});

export type User = z.infer<typeof userSchema>;
