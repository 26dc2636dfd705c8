// `offering_resources_sync` payload (docs/protocol.md#offering_resources_sync).
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

export const offeringResourcesSyncMessageSchema = z.looseObject({
  requested_by_user_uuid: hexUuidSchema,
  offering_uuid: offeringUuidField,
});

export type OfferingResourcesSyncMessage = z.infer<typeof offeringResourcesSyncMessageSchema>;
