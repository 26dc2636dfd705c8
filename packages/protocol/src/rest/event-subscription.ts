// EventSubscription (py-client models/event_subscription.py) and the bodies that create one.
import { z } from 'zod';
import { observableObjectTypeSchema } from '../enums/observable-object-type.js';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema } from './rest-fields.js';

export const observableObjectSchema = z.looseObject({
  object_type: z.string(),
  offering_uuid: hexUuidSchema.optional(),
  object_id: z.int().optional(),
});

/** Required by from_dict: uuid, url, user, user_uuid, user_username, user_full_name, created, modified, source_ip. */
export const eventSubscriptionSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  user: absoluteUrlSchema,
  user_uuid: hexUuidSchema,
  user_username: z.string(),
  user_full_name: z.string(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  source_ip: z.string().nullable(),
  description: z.string().optional(),
  observable_objects: z.array(observableObjectSchema).optional(),
});

/** POST /api/event-subscriptions/ (EventSubscriptionRequest). */
export const eventSubscriptionCreateRequestSchema = z.looseObject({
  description: z.string().optional(),
  observable_objects: z
    .array(z.strictObject({ object_type: observableObjectTypeSchema, object_id: z.int().optional() }))
    .optional(),
});

/** POST …/marketplace-site-agent-identities/{uuid}/register_event_subscription/ (AgentEventSubscriptionCreateRequest). */
export const registerEventSubscriptionRequestSchema = z.looseObject({
  observable_object_type: observableObjectTypeSchema,
  description: z.string().optional(),
});

export type EventSubscription = z.infer<typeof eventSubscriptionSchema>;
export type EventSubscriptionCreateRequest = z.infer<typeof eventSubscriptionCreateRequestSchema>;
export type RegisterEventSubscriptionRequest = z.infer<typeof registerEventSubscriptionRequestSchema>;
