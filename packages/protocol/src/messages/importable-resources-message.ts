// `importable_resources` payload (docs/protocol.md#importable_resources).
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

export const importableResourcesMessageSchema = z.looseObject({
  backend_resource_request_uuid: hexUuidSchema,
  offering_uuid: offeringUuidField,
});

export type ImportableResourcesMessage = z.infer<typeof importableResourcesMessageSchema>;
