// The unified consumer path's registration calls (docs/protocol.md#unified-path): register_queue on an agent
// identity, POST /api/event-consumers/register/ for other consumers, and the answer both give.
import { z } from 'zod';
import { observableObjectTypeSchema } from '../enums/observable-object-type.js';

export const EVENT_CONSUMER_SCOPE_TYPES = ['offering', 'project', 'customer'] as const;

/** `object_types` omitted = keep the consumer's current ones, `[]` = all types. */
export const registerQueueRequestSchema = z.looseObject({
  object_types: z.array(observableObjectTypeSchema).optional(),
});

/** Empty `scopes` = a global consumer (staff/support only). */
export const eventConsumerRegisterRequestSchema = z.looseObject({
  object_types: z.array(observableObjectTypeSchema).optional(),
  scopes: z
    .array(z.looseObject({ type: z.enum(EVENT_CONSUMER_SCOPE_TYPES), uuid: z.string().min(1) }))
    .optional(),
});

export const consumerRegistrationSchema = z.looseObject({
  rmq_username: z.string().min(1),
  queue_name: z.string().regex(/^consumer_[a-f0-9]{32}$/),
  vhost: z.string().min(1),
  observable_object_types: z.array(z.string()),
});

export type RegisterQueueRequest = z.infer<typeof registerQueueRequestSchema>;
export type EventConsumerRegisterRequest = z.infer<typeof eventConsumerRegisterRequestSchema>;
export type ConsumerRegistration = z.infer<typeof consumerRegistrationSchema>;
