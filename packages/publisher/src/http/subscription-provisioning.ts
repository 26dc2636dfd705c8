// Event subscriptions and their broker objects (docs/protocol.md#broker-provisioning, docs/protocol.md#event-subscriptions): a subscription row is only
// committed if its RabbitMQ user (login = subscription uuid, password = the owner's API token) and the owner's
// vhost permissions exist, and a queue row only if its queue exists. Broker failures roll the row back: a
// refusal answers Waldur's 400 bodies, an unreachable or overloaded broker 503 + Retry-After
// (docs/guarantees.md#overload).
// Every change of a user's broker objects (vhost, broker users, permissions, queues) runs through
// withUserProvisioning: in-process admission first (the user's turn, a bounded number at once, no connection
// held while waiting), then a transaction that takes that user's advisory lock, held across the broker calls
// until commit: a deletion that counts the user's other subscriptions (to drop the vhost with the last one)
// cannot interleave with a creation, even across publisher processes, so the broker always matches the
// committed rows. Quotas are counted under the same lock.
import { queueName, type ObservableObjectType } from '@waldur-sim/protocol';
import type { SubscriptionQueue, User } from '../generated/prisma/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { PublisherServices } from '../services.js';
import { FieldValidationError, NotFoundError, QuotaExceededError, ServerError } from './errors.js';
import { ServiceUnavailableError } from './service-unavailable.js';

/** Broker calls happen inside the DB transaction; give them room (management API timeout is 10 s per call). */
export const PROVISIONING_TX = { timeout: 60_000, maxWait: 10_000 } as const;

export const QUEUE_CREATE_FAILED = 'Failed to create queue in RabbitMQ. Please try again.';

function isBrokerError(error: unknown): error is Error & { details?: { status?: number } } {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_BROKER_PROVISIONING';
}

/**
 * A management-API failure that says nothing about the request: no answer (timeout, refused, reset), a 5xx,
 * 408 or 429. Retrying the same request later may work, so it is a 503, not Waldur's 400.
 */
export function isTransientBrokerError(error: unknown): boolean {
  if (!isBrokerError(error)) return false;
  const status = error.details?.status;
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

/** Runs broker steps: a transient failure → 503 + Retry-After, any other provisioning failure → rethrown. */
export async function brokerAvailable<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isTransientBrokerError(error))
      throw new ServiceUnavailableError('broker', undefined, { cause: error });
    throw error;
  }
}

/** Runs broker steps, mapping a refusal to Waldur's 400 list body (a transient failure to 503). */
export async function broker<T>(message: string, step: () => Promise<T>): Promise<T> {
  try {
    return await brokerAvailable(step);
  } catch (error) {
    if (isBrokerError(error)) throw new FieldValidationError([message], { cause: error });
    throw error;
  }
}

/**
 * Runs `fn` in a provisioning transaction of `userId`: admitted by the provisioning gate (503 when it waited too
 * long), then the user's advisory lock as the transaction's first statement.
 */
export async function withUserProvisioning<T>(
  services: PublisherServices,
  userId: string,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return services.provisioningGate.run(userId, () =>
    services.prisma.$transaction(async (tx) => {
      await lockUserBroker(tx, userId);
      return fn(tx);
    }, PROVISIONING_TX),
  );
}

/** Advisory-lock class of per-user broker provisioning (the two-key form keeps it apart from other locks). */
const BROKER_LOCK_CLASS = 0x57_42_52_4b; // "WBRK"

/** Takes the user's provisioning lock for the rest of `tx` (released at commit or rollback). */
export async function lockUserBroker(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BROKER_LOCK_CLASS}::int, hashtext(${userId}::text))`;
}

/**
 * The owner's vhost (its name is the user's uuid hex), the admin's access to it, and its limits. Limits are set
 * when the vhost is made, or later if it has none (its creation request was cut off by a timeout); if they
 * cannot be set on a new vhost, it is removed again so that a retry makes it afresh.
 */
export async function ensureUserVhost(services: PublisherServices, userId: string): Promise<void> {
  const { provisioner, limits } = services;
  await broker('Failed to create RabbitMQ virtual host. Please try again.', async () => {
    const created = await provisioner.ensureVhost(userId);
    try {
      await provisioner.grantAdminVhost(userId);
      // A later change of the configuration applies to new vhosts only.
      if (!created && (await provisioner.hasVhostLimits(userId))) return;
      await provisioner.setVhostLimits(userId, {
        maxQueues: limits.vhostMaxQueues,
        maxConnections: limits.vhostMaxConnections,
      });
      await provisioner.setQueueBounds(userId, {
        maxLength: limits.queueMaxLength,
        maxLengthBytes: limits.queueMaxLengthBytes,
      });
    } catch (error) {
      if (created) {
        await provisioner.deleteVhost(userId).catch((cleanup: unknown) => {
          services.log.warn({ err: cleanup, vhost: userId }, 'could not remove a vhost left without limits');
        });
      }
      throw error;
    }
  });
}

/**
 * Inserts the subscription row in `tx` and provisions vhost `user.id`, RMQ user `<id>` with the user's token and
 * `.*` permissions. On a permission failure the just-created RMQ user is removed again. `tx` must come from
 * withUserProvisioning for `user` (it holds the user's lock).
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
  const { limits } = services;
  const owned = await tx.eventSubscription.count({ where: { userId: user.id } });
  if (owned >= limits.subscriptionsPerUser) {
    throw new QuotaExceededError('subscriptions_per_user', limits.subscriptionsPerUser, owned + 1);
  }
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
  await ensureUserVhost(services, user.id);
  await broker('Failed to create RabbitMQ user. Please try again.', async () => {
    await provisioner.upsertUser(id, user.token);
    await provisioner.setUserLimits(id, {
      maxConnections: limits.userMaxConnections,
      maxChannels: limits.userMaxChannels,
    });
  });
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

/**
 * Deletes a subscription: under the owner's lock, its broker user, queues and (when it is the owner's last
 * subscription) vhost, then its row. 404 when a concurrent request deleted it first.
 */
export async function deleteSubscription(
  services: PublisherServices,
  subscription: { readonly id: string; readonly userId: string },
): Promise<void> {
  await withUserProvisioning(services, subscription.userId, async (tx) => {
    const current = await tx.eventSubscription.findUnique({
      where: { id: subscription.id },
      include: { queues: true },
    });
    if (current === null) throw new NotFoundError();
    const others = await tx.eventSubscription.count({
      where: { userId: current.userId, id: { not: current.id } },
    });
    try {
      await deleteSubscriptionBrokerObjects(services, current, { deleteVhost: others === 0 });
    } catch (cause) {
      if (isTransientBrokerError(cause)) throw new ServiceUnavailableError('broker', undefined, { cause });
      throw new ServerError('Failed to delete RabbitMQ user.', { cause });
    }
    await tx.eventSubscription.delete({ where: { id: current.id } });
  });
}

export interface QueueKey {
  readonly subscriptionId: string;
  readonly offeringId: string;
  readonly objectType: ObservableObjectType;
}

/**
 * create_queue: under the owner's lock, declares the queue on the broker and returns its row; `created` is false
 * when the row existed (the queue is declared again, it may have been deleted on the broker). A new queue
 * counts against `queues_per_subscription`.
 */
export async function provisionQueue(
  services: PublisherServices,
  subscription: { readonly id: string; readonly userId: string },
  key: QueueKey,
): Promise<{ readonly row: SubscriptionQueue; readonly created: boolean }> {
  const name = queueName({
    subscriptionUuid: key.subscriptionId,
    offeringUuid: key.offeringId,
    objectType: key.objectType,
  });
  const { limits } = services;
  return withUserProvisioning(services, subscription.userId, async (tx) => {
    if ((await tx.eventSubscription.count({ where: { id: subscription.id } })) === 0)
      throw new NotFoundError();
    const existing = await tx.subscriptionQueue.findUnique({
      where: { subscriptionId_offeringId_objectType: key },
    });
    if (existing !== null) {
      await ensureQueue(services, subscription.userId, name);
      return { row: existing, created: false };
    }
    const count = await tx.subscriptionQueue.count({ where: { subscriptionId: subscription.id } });
    if (count >= limits.queuesPerSubscription) {
      throw new QuotaExceededError('queues_per_subscription', limits.queuesPerSubscription, count + 1);
    }
    const row = await tx.subscriptionQueue.create({
      data: { id: services.newId(), ...key, createdAt: services.clock() },
    });
    await ensureQueue(services, subscription.userId, name);
    return { row, created: true };
  });
}

/**
 * Declares the queue. Access refused (the management API's 401 "not_authorised") means a vhost whose creation was cut off before the admin got its
 * permissions (ensureUserVhost grants them now, older vhosts may lack them): grant them and declare once more.
 */
export async function ensureQueue(services: PublisherServices, vhost: string, name: string): Promise<void> {
  const { provisioner } = services;
  await broker(QUEUE_CREATE_FAILED, async () => {
    try {
      await provisioner.ensureSubscriptionQueue(vhost, name);
    } catch (error) {
      const status = isBrokerError(error) ? error.details?.status : undefined;
      if (status !== 401 && status !== 403) throw error;
      services.log.warn({ vhost }, 'admin had no access to the vhost; granting it and declaring again');
      await provisioner.grantAdminVhost(vhost);
      await provisioner.ensureSubscriptionQueue(vhost, name);
    }
  });
}
