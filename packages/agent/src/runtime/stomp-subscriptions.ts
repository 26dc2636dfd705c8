// Per-offering STOMP subscription set-up (docs/protocol.md#agent-start-up step 3): for each object type, register_event_subscription
// (server-side get-or-create, with the real agent's literal description string) and create_queue; the queue name,
// vhost and login are derived from the subscription exactly as the real agent does (docs/protocol.md#credentials-and-frames).
import { queueName, toHex, type EventSubscription, type ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { OfferingConfig } from '../config/config-schema.js';
import type { WaldurApi } from '../waldur/waldur-api.js';

/**
 * The real agent's description: the Python string lacks its `f` prefix, so `{identity.name}` is sent literally
 * (docs/agent.md#quirk-literal-subscription-description). Kept byte-identical for wire fidelity.
 */
export const SUBSCRIPTION_DESCRIPTION =
  'Event subscription created by the site agent for identity {identity.name}';

export interface SubscriptionTarget {
  objectType: ObservableObjectType;
  subscription: EventSubscription;
  queue: string;
  /** Subscription user's UUID hex. */
  vhost: string;
  /** Subscription UUID hex. */
  login: string;
}

export interface SubscriptionSetupResult {
  targets: SubscriptionTarget[];
  failed: { objectType: ObservableObjectType; error: unknown }[];
}

export async function setupSubscriptions(
  api: WaldurApi,
  offering: OfferingConfig,
  identityUuid: string,
  objectTypes: readonly ObservableObjectType[],
  log: Logger,
): Promise<SubscriptionSetupResult> {
  const result: SubscriptionSetupResult = { targets: [], failed: [] };
  for (const objectType of objectTypes) {
    try {
      const subscription = await api.registerEventSubscription(
        identityUuid,
        objectType,
        SUBSCRIPTION_DESCRIPTION,
      );
      await api.createQueue(subscription.uuid, offering.waldur_offering_uuid, objectType);
      const queue = queueName({
        subscriptionUuid: subscription.uuid,
        offeringUuid: offering.waldur_offering_uuid,
        objectType,
      });
      result.targets.push({
        objectType,
        subscription,
        queue,
        vhost: toHex(subscription.user_uuid),
        login: toHex(subscription.uuid),
      });
      log.info({ objectType, queue }, 'Event subscription and queue ready');
    } catch (error) {
      log.error(
        { objectType, err: (error as Error).message },
        'Event subscription set-up failed for object type',
      );
      result.failed.push({ objectType, error });
    }
  }
  return result;
}
