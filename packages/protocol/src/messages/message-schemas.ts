// One schema per observable object type: what a legacy queue of that type may carry.
import type { z } from 'zod';
import type { ObservableObjectType } from '../enums/observable-object-type.js';
import { accountMessageSchema } from './account-message.js';
import { apiKeyRotationMessageSchema } from './api-key-rotation-message.js';
import { endDateChangeRequestMessageSchema } from './end-date-change-request-message.js';
import { importableResourcesMessageSchema } from './importable-resources-message.js';
import { offeringResourcesSyncMessageSchema } from './offering-resources-sync-message.js';
import { offeringUserMessageSchema } from './offering-user-message.js';
import { orderMessageSchema } from './order-message.js';
import { periodicLimitsMessageSchema } from './periodic-limits-message.js';
import { resourceMessageSchema } from './resource-message.js';
import { userRoleChannelMessageSchema } from './user-role-message.js';

export const MESSAGE_SCHEMAS = Object.freeze({
  order: orderMessageSchema,
  user_role: userRoleChannelMessageSchema,
  resource: resourceMessageSchema,
  offering_user: offeringUserMessageSchema,
  importable_resources: importableResourcesMessageSchema,
  service_account: accountMessageSchema,
  course_account: accountMessageSchema,
  resource_periodic_limits: periodicLimitsMessageSchema,
  offering_resources_sync: offeringResourcesSyncMessageSchema,
  resource_api_key_rotation: apiKeyRotationMessageSchema,
  resource_end_date_change_request: endDateChangeRequestMessageSchema,
} satisfies Record<ObservableObjectType, z.ZodType>);

/** The parsed payload type for an object type. */
export type MessageFor<T extends ObservableObjectType> = z.infer<(typeof MESSAGE_SCHEMAS)[T]>;
