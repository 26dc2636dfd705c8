// `service_account` / `course_account` payload (docs/protocol.md#service_account-and-course_account, AccountMessage contract).
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

export const accountMessageSchema = z.looseObject({
  account_uuid: hexUuidSchema,
  account_username: z.string(),
  scope_type: z.string(),
  project_uuid: hexUuidSchema,
  project_name: z.string(),
  action: z.enum(['create', 'delete']),
  offering_uuid: offeringUuidField,
});

export type AccountMessage = z.infer<typeof accountMessageSchema>;
