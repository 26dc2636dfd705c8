// Event subscriptions and their broker objects (waldur-publisher.md §2, §7.1): a subscription row is only
// committed if its RabbitMQ user (login = subscription uuid, password = the owner's API token) and the owner's
// vhost permissions exist, and a queue row only if its queue exists. Broker failures roll the row back and
// answer Waldur's 400 bodies.
import { queueName, type ObservableObjectType } from '@waldur-sim/protocol';
import type { User } from '../generated/prisma/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { PublisherServices } from '../services.js';
import { FieldValidationError } from './errors.js';

/** Broker calls happen inside the DB transaction; give them room (management API timeout is 10 s per call). */
export const PROVISIONING_TX = { timeout: 60_000, maxWait: 10_000 } as const;

export const QUEUE_CREATE_FAILED = 'Failed to create queue in RabbitMQ. Please try again.';

function isBrokerError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_BROKER_PROVISIONING';
}

/** Runs broker steps, mapping a provisioning failure to Waldur's 400 list body. */
async function broker<T>(message: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isBrokerError(error)) throw new FieldValidationError([message], { cause: error });
    throw error;
  }
}

/**
 * Inserts the subscription row in `tx` and provisions vhost `user.id`, RMQ user `<id>` with the user's token and
 * `.*` permissions. On a permission failure the just-created RMQ user is removed again.
 */
export async function createSubscriptionInTx(
  services: PublisherServices,
  tx: Prisma.TransactionClient,
  user: User,
  input: {
    readonly description: string | null;
    readonly observableObjects: Prisma.InputJsonArray;
    readonly sourceIp: string | null;
  },
): Promise<string> {
  const id = services.newId();
  const now = services.clock();
  await tx.eventSubscription.create({
    data: {
      id,
      userId: user.id,
      description: input.description,
      observableObjects: input.observableObjects,
      sourceIp: input.sourceIp,
      createdAt: now,
      modified: now,
    },
  });
  const { provisioner } = services;
  await broker('Failed to create RabbitMQ virtual host. Please try again.', () =>
    provisioner.ensureVhost(user.id),
  );
  await broker('Failed to create RabbitMQ user. Please try again.', () =>
    provisioner.upsertUser(id, user.token),
  );
  await broker('Failed to set RabbitMQ permissions. Please try again.', async () => {
    try {
      await provisioner.grantVhost(id, user.id);
    } catch (error) {
      await provisioner.deleteUser(id).catch((cleanup: unknown) => {
        services.log.warn(
          { err: cleanup, rmqUser: id },
          'could not remove RabbitMQ user after a failed grant',
        );
      });
      throw error;
    }
  });
  return id;
}

/** Removes the RMQ user, the subscription's queues and (if it was the user's last subscription) the vhost. */
export async function deleteSubscriptionBrokerObjects(
  services: PublisherServices,
  subscription: {
    readonly id: string;
    readonly userId: string;
    readonly queues: readonly { readonly offeringId: string; readonly objectType: string }[];
  },
  options: { readonly deleteVhost: boolean },
): Promise<void> {
  const { provisioner, log } = services;
  await provisioner.deleteUser(subscription.id);
  for (const q of subscription.queues) {
    const name = queueName({
      subscriptionUuid: subscription.id,
      offeringUuid: q.offeringId,
      objectType: q.objectType as ObservableObjectType,
    });
    await provisioner.deleteQueue(subscription.userId, name).catch((err: unknown) => {
      log.warn({ err, queue: name }, 'could not delete RabbitMQ queue of a deleted subscription');
    });
  }
  if (options.deleteVhost) {
    await provisioner.deleteVhost(subscription.userId).catch((err: unknown) => {
      log.warn({ err, vhost: subscription.userId }, 'could not delete RabbitMQ vhost');
    });
  }
}

export async function ensureQueue(services: PublisherServices, vhost: string, name: string): Promise<void> {
  await broker(QUEUE_CREATE_FAILED, () => services.provisioner.ensureSubscriptionQueue(vhost, name));
}
