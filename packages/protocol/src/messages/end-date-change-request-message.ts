// `resource_end_date_change_request` payload (docs/protocol.md#resource_end_date_change_request): only resource_uuid and request_state are known.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

export const endDateChangeRequestMessageSchema = z.looseObject({
  resource_uuid: hexUuidSchema,
  request_state: z.string(),
  offering_uuid: offeringUuidField,
});

export type EndDateChangeRequestMessage = z.infer<typeof endDateChangeRequestMessageSchema>;
