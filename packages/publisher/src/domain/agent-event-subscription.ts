// register_event_subscription of an agent identity (docs/protocol.md#agent-identities): get or create the caller's
// subscription for one object type. An existing subscription whose RabbitMQ user lost its vhost is stale and is
// replaced (a new uuid, so new queue names). Runs under the user's provisioning admission and lock
// (withUserProvisioning), so concurrent registrations of one user are serialised before they take a database
// connection (docs/guarantees.md#overload).
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { User } from '../generated/prisma/client.js';
import {
  brokerAvailable,
  createSubscriptionInTx,
  deleteSubscriptionBrokerObjects,
  withUserProvisioning,
} from '../http/subscription-provisioning.js';
import type { PublisherServices } from '../services.js';

export interface RegisteredSubscription {
  readonly id: string;
  readonly created: boolean;
}

export async function registerEventSubscription(
  services: PublisherServices,
  user: User,
  input: {
    readonly objectType: ObservableObjectType;
    readonly description: string | undefined;
    readonly sourceIp: string;
  },
  log: { warn: (obj: object, msg: string) => void },
): Promise<RegisteredSubscription> {
  const observable = [{ object_type: input.objectType }];
  // One subscription per (user, type): the user's lock serialises concurrent registrations of the same pair.
  return withUserProvisioning(services, user.id, async (tx) => {
    const existing = await tx.eventSubscription.findFirst({
      where: { userId: user.id, observableObjects: { equals: observable } },
      include: { queues: true },
      orderBy: { createdAt: 'asc' },
    });
    if (existing !== null) {
      if (await brokerAvailable(() => services.provisioner.userHasVhostAccess(existing.id, user.id)))
        return { id: existing.id, created: false };
      // Stale: its RabbitMQ user is gone or lost the vhost; replace it (new uuid = new queue names).
      log.warn({ subscription: existing.id }, 'replacing stale event subscription');
      await deleteSubscriptionBrokerObjects(services, existing, { deleteVhost: false }).catch(
        (err: unknown) => {
          log.warn({ err }, 'could not clean up stale subscription broker objects');
        },
      );
      await tx.eventSubscription.delete({ where: { id: existing.id } });
    }
    const description =
      input.description ?? `Event subscription created by the site agent for ${input.objectType}`;
    const id = await createSubscriptionInTx(services, tx, user, {
      description,
      observableObjects: observable,
      sourceIp: input.sourceIp,
    });
    return { id, created: true };
  });
}
