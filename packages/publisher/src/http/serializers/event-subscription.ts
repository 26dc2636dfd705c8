// Legacy event subscriptions and their queues (py-client EventSubscription, EventSubscriptionQueue). The queue
// body has exactly Waldur's nine keys (test_create_queue_integration.py: test_response_includes_correct_fields).
import { queueName } from '@waldur-sim/protocol';
import type { Prisma, SubscriptionQueue } from '../../generated/prisma/client.js';
import { fullName, isoDateTime, jsonArray } from './format.js';
import type { Urls } from './urls.js';

export const eventSubscriptionInclude = { user: true } satisfies Prisma.EventSubscriptionInclude;
export type EventSubscriptionWithRelations = Prisma.EventSubscriptionGetPayload<{
  include: typeof eventSubscriptionInclude;
}>;

export function serializeEventSubscription(sub: EventSubscriptionWithRelations, urls: Urls) {
  return {
    uuid: sub.id,
    url: urls.eventSubscription(sub.id),
    description: sub.description ?? '',
    user: urls.user(sub.userId),
    user_uuid: sub.userId,
    user_username: sub.user.username,
    user_full_name: fullName(sub.user),
    observable_objects: jsonArray(sub.observableObjects),
    created: isoDateTime(sub.createdAt),
    modified: isoDateTime(sub.modified),
    source_ip: sub.sourceIp,
  };
}

/** The subscriber's vhost is its user's UUID hex. */
export function serializeSubscriptionQueue(
  queue: SubscriptionQueue,
  subscription: { readonly id: string; readonly userId: string },
  urls: Urls,
) {
  return {
    uuid: queue.id,
    url: urls.eventSubscriptionQueue(queue.id),
    event_subscription: urls.eventSubscription(subscription.id),
    event_subscription_uuid: subscription.id,
    offering_uuid: queue.offeringId,
    object_type: queue.objectType,
    queue_name: queueName({
      subscriptionUuid: subscription.id,
      offeringUuid: queue.offeringId,
      objectType: queue.objectType as Parameters<typeof queueName>[0]['objectType'],
    }),
    vhost: subscription.userId,
    created: isoDateTime(queue.createdAt),
  };
}
