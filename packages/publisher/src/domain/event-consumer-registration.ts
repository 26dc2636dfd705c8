// Registering a unified-path consumer (docs/protocol.md#unified-path): register_queue on an agent identity or
// POST /api/event-consumers/register/. Get or create the EventConsumer, then provision — under the owner's broker
// lock, like legacy subscriptions — the owner's vhost, a RabbitMQ user with a random name whose password is the
// caller's credential (upserted on every call, so a rotated token takes effect), `.*` permissions and the queue
// `consumer_<uuid>` with Waldur's queue arguments. A broker failure rolls everything back (400; 503 when the
// broker is unreachable or overloaded).
import { consumerQueueName, type ObservableObjectType } from '@waldur-sim/protocol';
import type { EventConsumer, Prisma, User } from '../generated/prisma/client.js';
import { ConflictError } from '../http/errors.js';
import {
  broker,
  ensureQueue,
  ensureUserVhost,
  withUserProvisioning,
} from '../http/subscription-provisioning.js';
import type { ConsumerScope } from '../events/unified-recipients.js';
import type { PublisherServices } from '../services.js';

export interface ConsumerTarget {
  /** register_queue: the agent identity the consumer is bound to. */
  readonly identityId?: string;
  /** event-consumers/register: explicit scopes ([] = global). */
  readonly scopes: readonly ConsumerScope[];
  /** undefined = keep (a new consumer gets [] = all types). */
  readonly objectTypes: readonly ObservableObjectType[] | undefined;
}

export interface RegisteredConsumer {
  readonly consumer: EventConsumer;
  readonly created: boolean;
}

/** The registration answer: {rmq_username, queue_name, vhost, observable_object_types}. */
export function consumerRegistrationBody(consumer: EventConsumer): Record<string, unknown> {
  return {
    rmq_username: consumer.rmqUsername,
    queue_name: consumerQueueName(consumer.id),
    vhost: consumer.userId,
    observable_object_types: Array.isArray(consumer.objectTypes) ? consumer.objectTypes : [],
  };
}

async function findExisting(tx: Prisma.TransactionClient, user: User, target: ConsumerTarget) {
  if (target.identityId !== undefined)
    return tx.eventConsumer.findUnique({ where: { identityId: target.identityId } });
  return tx.eventConsumer.findFirst({
    where: {
      userId: user.id,
      identityId: null,
      scopes: { equals: target.scopes.map((s) => ({ ...s })) },
    },
    orderBy: { createdAt: 'asc' },
  });
}

export async function registerConsumer(
  services: PublisherServices,
  user: User,
  target: ConsumerTarget,
): Promise<RegisteredConsumer> {
  const { provisioner } = services;
  return withUserProvisioning(services, user.id, async (tx) => {
    const existing = await findExisting(tx, user, target);
    if (existing !== null && existing.userId !== user.id)
      throw new ConflictError('This agent identity is bound to a consumer of another user.');
    const now = services.clock();
    const objectTypes = target.objectTypes === undefined ? undefined : [...target.objectTypes];
    const consumer =
      existing ??
      (await tx.eventConsumer.create({
        data: {
          id: services.newId(),
          userId: user.id,
          identityId: target.identityId ?? null,
          rmqUsername: services.newId(),
          objectTypes: objectTypes ?? [],
          scopes: target.scopes.map((s) => ({ ...s })),
          createdAt: now,
          modified: now,
        },
      }));
    await ensureUserVhost(services, user.id);
    await broker('Failed to create RabbitMQ user. Please try again.', async () => {
      await provisioner.upsertUser(consumer.rmqUsername, user.token);
      await provisioner.grantVhost(consumer.rmqUsername, user.id);
    });
    await ensureQueue(services, user.id, consumerQueueName(consumer.id));
    const saved = await tx.eventConsumer.update({
      where: { id: consumer.id },
      data: { queueCreated: true, modified: now, ...(objectTypes === undefined ? {} : { objectTypes }) },
    });
    return { consumer: saved, created: existing === null };
  });
}

/** Best effort after the row is gone (Waldur's pre_delete): the consumer's queue and RabbitMQ user. */
export async function deleteConsumerBrokerObjects(
  services: PublisherServices,
  consumer: EventConsumer,
  log: { warn: (obj: object, msg: string) => void },
): Promise<void> {
  try {
    await services.provisioner.deleteQueue(consumer.userId, consumerQueueName(consumer.id));
    await services.provisioner.deleteUser(consumer.rmqUsername);
  } catch (err) {
    log.warn({ err, consumer: consumer.id }, 'could not remove unified consumer broker objects');
  }
}
