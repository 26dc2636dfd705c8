// Marketplace orders over HTTP: consumer side (create, approve/reject by consumer, cancel) and provider side
// (approve/reject by provider, set_state_*, set_backend_id). The routes check visibility and rights; the state
// machine (docs/protocol.md#order-state-machine) and the transactions live in src/domain/.
import {
  ORDER_TYPES,
  orderTypeSchema,
  setBackendIdRequestSchema,
  setStateErredRequestSchema,
  type OrderType,
} from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createOrder } from '../../domain/order-creation.js';
import type { OrderAction } from '../../domain/order-state-machine.js';
import { transitionOrder } from '../../domain/order-transition.js';
import { canManageOffering, canOrderInProject, type AccessContext } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, queryDateTime, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { orderInclude, serializeOrder, type OrderWithRelations } from '../serializers/order.js';
import { parseBody } from '../validation.js';
import { orderWhere } from '../visibility.js';

const PROVIDER_ACTIONS: readonly OrderAction[] = [
  'approve_by_provider',
  'reject_by_provider',
  'set_state_executing',
  'set_state_done',
  'set_state_erred',
];

const orderCreateSchema = z.looseObject({
  offering: z.string().min(1),
  project: z.string().min(1),
  plan: z.string().min(1).nullable().optional(),
  resource: z.string().min(1).optional(),
  type: orderTypeSchema.optional(),
  limits: z.record(z.string(), z.number()).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  accepting_terms_of_service: z.boolean().optional(),
  callback_url: z.string().nullable().optional(),
  request_comment: z.string().nullable().optional(),
});

const rejectByProviderSchema = z.looseObject({ provider_rejection_comment: z.string().optional() });
const approveByProviderSchema = z.looseObject({ attributes: z.record(z.string(), z.unknown()).optional() });

export const orderRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-orders';

  async function visibleOrder(request: FastifyRequest): Promise<OrderWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.order.findFirst({
        where: { id: uuidParam(request), ...orderWhere(access) },
        include: orderInclude,
      }),
    );
  }

  async function reload(id: string): Promise<OrderWithRelations> {
    return found(await prisma.order.findUnique({ where: { id }, include: orderInclude }));
  }

  function mayAct(access: AccessContext, order: OrderWithRelations, action: OrderAction): boolean {
    return PROVIDER_ACTIONS.includes(action)
      ? canManageOffering(access, order.offering.customerId)
      : canOrderInProject(access, order.project);
  }

  /** Applies `action` to the visible order; `extra` adds fields written with the state change. */
  async function transition(
    request: FastifyRequest,
    action: OrderAction,
    extra: (order: OrderWithRelations) => Prisma.OrderUncheckedUpdateManyInput = () => ({}),
  ): Promise<void> {
    const { access } = authOf(request);
    const order = await visibleOrder(request);
    allow(mayAct(access, order, action));
    await transitionOrder(services, order.id, action, extra(order));
  }

  // ---- reads ---------------------------------------------------------------------------------------------------

  app.get(
    '/api/marketplace-orders/',
    { schema: doc(tag, 'List orders visible to the caller (provider or consumer side)') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and: Prisma.OrderWhereInput[] = [orderWhere(access)];
      const offering = queryUuid(query, 'offering_uuid');
      if (offering !== undefined) and.push({ offeringId: offering });
      const project = queryUuid(query, 'project_uuid');
      if (project !== undefined) and.push({ projectId: project });
      const customer = queryUuid(query, 'customer_uuid');
      if (customer !== undefined) and.push({ project: { customerId: customer } });
      const providerCustomer = queryUuid(query, 'provider_uuid');
      if (providerCustomer !== undefined)
        and.push({ offering: { customer: { serviceProvider: { id: providerCustomer } } } });
      const resource = queryUuid(query, 'resource_uuid');
      if (resource !== undefined) and.push({ resourceId: resource });
      const states = queryAll(query, 'state');
      if (states.length > 0) and.push({ state: { in: states } });
      const types = queryAll(query, 'type').filter((t): t is OrderType =>
        (ORDER_TYPES as readonly string[]).includes(t),
      );
      if (types.length > 0) and.push({ type: { in: types } });
      const modifiedBefore = queryDateTime(query, 'modified_before');
      if (modifiedBefore !== undefined) and.push({ modified: { lt: modifiedBefore } });
      const modifiedAfter = queryDateTime(query, 'modified_after');
      if (modifiedAfter !== undefined) and.push({ modified: { gte: modifiedAfter } });
      const where: Prisma.OrderWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.order.count({ where }),
        fetch: (page) =>
          prisma.order.findMany({
            where,
            include: orderInclude,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (o) => serializeOrder(o, urls),
      });
    },
  );

  app.get(
    '/api/marketplace-orders/:uuid/',
    { schema: doc(tag, 'Retrieve an order (OrderDetails)') },
    async (request) => sendOne(request, serializeOrder(await visibleOrder(request), urls)),
  );

  // ---- consumer side -------------------------------------------------------------------------------------------

  app.post(
    '/api/marketplace-orders/',
    { schema: doc(tag, 'Create an order (Create, Update or Terminate)', { body: orderCreateSchema }) },
    async (request, reply) => {
      const { access, user } = authOf(request);
      const body = parseBody(orderCreateSchema, request.body);
      const orderId = await createOrder(services, { access, userId: user.id }, body);
      return reply.status(201).send(serializeOrder(await reload(orderId), urls));
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/approve_by_consumer/',
    { schema: doc(tag, 'Consumer approval (-> pending-provider for site-agent offerings)') },
    async (request) => {
      const { user } = authOf(request);
      await transition(request, 'approve_by_consumer', () => ({
        consumerReviewedById: user.id,
        consumerReviewedAt: services.clock(),
      }));
      return { detail: 'Order has been approved.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/reject_by_consumer/',
    { schema: doc(tag, 'Consumer rejection') },
    async (request) => {
      const { user } = authOf(request);
      await transition(request, 'reject_by_consumer', () => ({
        consumerReviewedById: user.id,
        consumerReviewedAt: services.clock(),
      }));
      return { detail: 'Order has been rejected.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/cancel/',
    { schema: doc(tag, 'Cancel an order that has not finished') },
    async (request, reply) => {
      await transition(request, 'cancel');
      return reply.status(202).send({ detail: 'Order has been canceled.' });
    },
  );

  // ---- provider side -------------------------------------------------------------------------------------------

  app.post(
    '/api/marketplace-orders/:uuid/approve_by_provider/',
    {
      schema: doc(tag, 'Provider approval: pending-provider -> executing', { body: approveByProviderSchema }),
    },
    async (request) => {
      const { user } = authOf(request);
      const body = parseBody(approveByProviderSchema, request.body);
      await transition(request, 'approve_by_provider', (order) => ({
        providerReviewedById: user.id,
        providerReviewedAt: services.clock(),
        ...(body.attributes === undefined
          ? {}
          : {
              attributes: {
                ...(order.attributes as Prisma.JsonObject),
                ...body.attributes,
              } as Prisma.InputJsonObject,
            }),
      }));
      return { detail: 'Order has been approved.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/reject_by_provider/',
    {
      schema: doc(tag, 'Provider rejection: pending-provider -> rejected', { body: rejectByProviderSchema }),
    },
    async (request) => {
      const { user } = authOf(request);
      const body = parseBody(rejectByProviderSchema, request.body);
      await transition(request, 'reject_by_provider', () => ({
        providerReviewedById: user.id,
        providerReviewedAt: services.clock(),
        providerRejectionComment: body.provider_rejection_comment ?? null,
      }));
      return { detail: 'Order has been rejected.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/set_state_executing/',
    { schema: doc(tag, 'Mark an order executing') },
    async (request) => {
      await transition(request, 'set_state_executing');
      return { detail: 'Order state has been changed to executing.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/set_state_done/',
    { schema: doc(tag, 'Mark an executing order done (resource side effects)') },
    async (request) => {
      await transition(request, 'set_state_done');
      return { detail: 'Order state has been changed to done.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/set_state_erred/',
    { schema: doc(tag, 'Mark an order erred', { body: setStateErredRequestSchema }) },
    async (request) => {
      const body = parseBody(setStateErredRequestSchema, request.body);
      await transition(request, 'set_state_erred', () => ({
        errorMessage: body.error_message ?? '',
        errorTraceback: body.error_traceback ?? '',
      }));
      return { detail: 'Order state has been changed to erred.' };
    },
  );

  app.post(
    '/api/marketplace-orders/:uuid/set_backend_id/',
    { schema: doc(tag, 'Set the order backend_id', { body: setBackendIdRequestSchema }) },
    async (request) => {
      const { access } = authOf(request);
      const order = await visibleOrder(request);
      allow(canManageOffering(access, order.offering.customerId));
      const body = parseBody(setBackendIdRequestSchema, request.body);
      await prisma.order.update({
        where: { id: order.id },
        data: { backendId: body.backend_id, modified: services.clock() },
      });
      return { status: 'Order backend_id has been changed.' };
    },
  );
  done();
};
