// Legacy event subscriptions (docs/protocol.md#event-subscriptions): create/list/retrieve/delete, create_queue (201 new, 200 existing), and the
// queue collection. Users only ever see their own subscriptions (staff see all).
import {
  createQueueRequestSchema,
  eventSubscriptionCreateRequestSchema,
  queueName,
  type ObservableObjectType,
} from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { canSeeOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryOne, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  eventSubscriptionInclude,
  serializeEventSubscription,
  serializeSubscriptionQueue,
  type EventSubscriptionWithRelations,
} from '../serializers/event-subscription.js';
import {
  createSubscriptionInTx,
  deleteSubscription,
  provisionQueue,
  withUserProvisioning,
} from '../subscription-provisioning.js';
import { parseBody } from '../validation.js';
import { eventSubscriptionWhere } from '../visibility.js';

export const eventSubscriptionRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'event-subscriptions';

  async function visible(request: FastifyRequest): Promise<EventSubscriptionWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.eventSubscription.findFirst({
        where: { id: uuidParam(request), ...eventSubscriptionWhere(access) },
        include: eventSubscriptionInclude,
      }),
    );
  }

  app.get(
    '/api/event-subscriptions/',
    { schema: doc(tag, "List the caller's event subscriptions", { deprecated: true }) },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and: Prisma.EventSubscriptionWhereInput[] = [eventSubscriptionWhere(access)];
      const user = queryUuid(query, 'user_uuid');
      if (user !== undefined) and.push({ userId: user });
      const username = queryOne(query, 'user_username');
      if (username !== undefined) and.push({ user: { username } });
      const where: Prisma.EventSubscriptionWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.eventSubscription.count({ where }),
        fetch: (page) =>
          prisma.eventSubscription.findMany({
            where,
            include: eventSubscriptionInclude,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (s) => serializeEventSubscription(s, urls),
      });
    },
  );

  app.get(
    '/api/event-subscriptions/:uuid/',
    { schema: doc(tag, 'Retrieve an event subscription', { deprecated: true }) },
    async (request) => sendOne(request, serializeEventSubscription(await visible(request), urls)),
  );

  app.post(
    '/api/event-subscriptions/',
    {
      schema: doc(tag, 'Create a subscription: RabbitMQ vhost, user and permissions', {
        body: eventSubscriptionCreateRequestSchema,
        deprecated: true,
      }),
    },
    async (request, reply) => {
      const { user } = authOf(request);
      const body = parseBody(eventSubscriptionCreateRequestSchema, request.body);
      const observable = (body.observable_objects ?? []).map((o) => ({ ...o })) as Prisma.InputJsonArray;
      const id = await withUserProvisioning(services, user.id, (tx) =>
        createSubscriptionInTx(services, tx, user, {
          description: body.description ?? null,
          observableObjects: observable,
          sourceIp: request.ip,
        }),
      );
      const created = found(
        await prisma.eventSubscription.findUnique({ where: { id }, include: eventSubscriptionInclude }),
      );
      return reply.status(201).send(serializeEventSubscription(created, urls));
    },
  );

  app.delete(
    '/api/event-subscriptions/:uuid/',
    { schema: doc(tag, 'Delete a subscription with its RabbitMQ user and queues', { deprecated: true }) },
    async (request, reply) => {
      await deleteSubscription(services, await visible(request));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/event-subscriptions/:uuid/create_queue/',
    {
      schema: doc(tag, 'Declare the (subscription, offering, object type) queue: 201 new, 200 existing', {
        body: createQueueRequestSchema,
        deprecated: true,
      }),
    },
    async (request, reply) => {
      const { access } = authOf(request);
      const sub = await visible(request);
      const body = parseBody(createQueueRequestSchema, request.body);
      const offering = await prisma.offering.findUnique({ where: { id: body.offering_uuid } });
      if (offering === null) {
        throw FieldValidationError.field(
          'offering_uuid',
          `Offering with UUID ${body.offering_uuid} does not exist.`,
        );
      }
      if (!canSeeOffering(access, offering.customerId)) {
        throw FieldValidationError.field('offering_uuid', 'You do not have access to this offering.');
      }
      const objectType: ObservableObjectType = body.object_type;
      const key = { subscriptionId: sub.id, offeringId: offering.id, objectType };
      const { row, created } = await provisionQueue(services, sub, key);
      return reply.status(created ? 201 : 200).send(serializeSubscriptionQueue(row, sub, urls));
    },
  );

  // ---- queues -------------------------------------------------------------------------------------------------

  const queueTag = 'event-subscription-queues';
  const queueWhere = (request: FastifyRequest): Prisma.SubscriptionQueueWhereInput => ({
    subscription: eventSubscriptionWhere(authOf(request).access),
  });

  app.get(
    '/api/event-subscription-queues/',
    { schema: doc(queueTag, "List queues of the caller's subscriptions", { deprecated: true }) },
    async (request, reply) => {
      const query = request.query as RawQuery;
      const and: Prisma.SubscriptionQueueWhereInput[] = [queueWhere(request)];
      const sub = queryUuid(query, 'event_subscription_uuid');
      if (sub !== undefined) and.push({ subscriptionId: sub });
      const offering = queryUuid(query, 'offering_uuid');
      if (offering !== undefined) and.push({ offeringId: offering });
      const objectType = queryOne(query, 'object_type');
      if (objectType !== undefined) and.push({ objectType });
      const where: Prisma.SubscriptionQueueWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.subscriptionQueue.count({ where }),
        fetch: (page) =>
          prisma.subscriptionQueue.findMany({
            where,
            include: { subscription: true },
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (q) => serializeSubscriptionQueue(q, q.subscription, urls),
      });
    },
  );

  async function visibleQueue(request: FastifyRequest) {
    return found(
      await prisma.subscriptionQueue.findFirst({
        where: { id: uuidParam(request), ...queueWhere(request) },
        include: { subscription: true },
      }),
    );
  }

  app.get(
    '/api/event-subscription-queues/:uuid/',
    { schema: doc(queueTag, 'Retrieve a queue', { deprecated: true }) },
    async (request) => {
      const q = await visibleQueue(request);
      return sendOne(request, serializeSubscriptionQueue(q, q.subscription, urls));
    },
  );

  app.delete(
    '/api/event-subscription-queues/:uuid/',
    { schema: doc(queueTag, 'Delete a queue row and its RabbitMQ queue', { deprecated: true }) },
    async (request, reply) => {
      const q = await visibleQueue(request);
      const name = queueName({
        subscriptionUuid: q.subscriptionId,
        offeringUuid: q.offeringId,
        objectType: q.objectType as ObservableObjectType,
      });
      await services.provisioner.deleteQueue(q.subscription.userId, name).catch((err: unknown) => {
        request.log.warn({ err, queue: name }, 'could not delete RabbitMQ queue');
      });
      await prisma.subscriptionQueue.delete({ where: { id: q.id } });
      return reply.status(204).send();
    },
  );
  done();
};
