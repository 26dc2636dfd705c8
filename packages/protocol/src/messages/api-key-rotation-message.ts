// `resource_api_key_rotation` payload (docs/protocol.md#resource_api_key_rotation): the fields the agent reads; never key material.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

export const apiKeyRotationMessageSchema = z.looseObject({
  action: z.string(),
  resource_uuid: hexUuidSchema,
  resource_backend_id: z.string(),
  api_key_uuid: hexUuidSchema,
  client_id: z.string(),
  offering_uuid: offeringUuidField,
});

export type ApiKeyRotationMessage = z.infer<typeof apiKeyRotationMessageSchema>;
