// `resource` payload (docs/protocol.md#resource, ResourceUpdateMessage contract). Some Waldur versions add `limits`.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { jsonObjectSchema, offeringUuidField, sequenceNumberSchema } from './common-fields.js';

export const resourceMessageSchema = z.looseObject({
  resource_uuid: hexUuidSchema,
  resource_backend_id: z.string(),
  downscaled: z.boolean(),
  restrict_member_access: z.boolean(),
  paused: z.boolean(),
  sequence_number: sequenceNumberSchema,
  limits: jsonObjectSchema.optional(),
  offering_uuid: offeringUuidField,
});

export type ResourceMessage = z.infer<typeof resourceMessageSchema>;
