// EventSubscriptionQueue (py-client models/event_subscription_queue.py) and the create_queue body.
import { z } from 'zod';
import { observableObjectTypeSchema } from '../enums/observable-object-type.js';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema, uuidInputSchema } from './rest-fields.js';

/** Waldur's create_queue answers with exactly these keys (test_create_queue_integration.py), all required. */
export const EVENT_SUBSCRIPTION_QUEUE_KEYS = [
  'uuid',
  'url',
  'event_subscription',
  'event_subscription_uuid',
  'offering_uuid',
  'object_type',
  'queue_name',
  'vhost',
  'created',
] as const;

export const eventSubscriptionQueueSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  event_subscription: absoluteUrlSchema,
  event_subscription_uuid: hexUuidSchema,
  offering_uuid: hexUuidSchema,
  object_type: z.string(),
  queue_name: z.string(),
  vhost: z.string(),
  created: isoDateTimeSchema,
});

/** POST /api/event-subscriptions/{uuid}/create_queue/ (EventSubscriptionQueueCreateRequest). */
export const createQueueRequestSchema = z.looseObject({
  offering_uuid: uuidInputSchema,
  object_type: observableObjectTypeSchema,
});

export type EventSubscriptionQueue = z.infer<typeof eventSubscriptionQueueSchema>;
export type CreateQueueRequest = z.input<typeof createQueueRequestSchema>;
