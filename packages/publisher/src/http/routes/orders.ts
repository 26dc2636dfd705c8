// Marketplace orders: consumer side (create, approve/reject by consumer, cancel) and provider side (approve/reject
// by provider, set_state_*, set_backend_id), on the state machine of docs/protocol.md#order-state-machine. Every state change and the event it
// causes are written in one transaction (the event goes to the outbox), and the state update is conditional on
// the state read, so two racing requests cannot both win.
import {
  ORDER_TYPES,
  orderTypeSchema,
  setBackendIdRequestSchema,
  setStateErredRequestSchema,
  toHex,
  type OrderState,
  type OrderType,
} from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  InvalidOrderTransitionError,
  canTransition,
  resourceStateAfterOrder,
  resourceStateWhileExecuting,
  stateAfterConsumerApproval,
  targetState,
  type OrderAction,
} from '../../domain/order-state-machine.js';
import {
  canManageOffering,
  canOrderInProject,
  canSeeProject,
  type AccessContext,
} from '../../domain/permissions.js';
import { ensureOfferingUsers } from '../../domain/offering-user-provisioning.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError, IncorrectStateError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, queryDateTime, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { slugFor } from '../serializers/format.js';
import { orderInclude, serializeOrder, type OrderWithRelations } from '../serializers/order.js';
import { uuidFromReference } from '../serializers/urls.js';
import { parseBody } from '../validation.js';
import { orderWhere } from '../visibility.js';

const PROVIDER_ACTIONS: readonly OrderAction[] = [
  'approve_by_provider',
  'reject_by_provider',
  'set_state_executing',
  'set_state_done',
  'set_state_erred',
];

/** Offering types whose orders always need provider review (site-agent offerings, utils.py). */
function providerReviewRequired(_offeringType: string): boolean {
  return true;
}

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

const INVALID_HYPERLINK = 'Invalid hyperlink - Object does not exist.';

function referenceId(field: string, value: string): string {
  try {
    return toHex(uuidFromReference(value));
  } catch (cause) {
    throw new FieldValidationError({ [field]: [INVALID_HYPERLINK] }, { cause });
  }
}

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

  /**
   * Applies `action` to the order atomically: conditional state update, resource side effects, outbox event.
   * `extra` adds fields written with the state change (reviewer, error text…).
   */
  async function transition(
    request: FastifyRequest,
    action: OrderAction,
    extra: (order: OrderWithRelations) => Prisma.OrderUncheckedUpdateManyInput = () => ({}),
  ): Promise<void> {
    const { access } = authOf(request);
    const order = await visibleOrder(request);
    allow(mayAct(access, order, action));
    const now = services.clock();
    await prisma.$transaction(async (tx) => {
      const current = found(
        await tx.order.findUnique({
          where: { id: order.id },
          include: { resource: true, project: true, offering: true },
        }),
      );
      const from = current.state as OrderState;
      if (!canTransition(action, from)) throw new InvalidOrderTransitionError(action, from);
      const to =
        action === 'approve_by_consumer'
          ? stateAfterConsumerApproval({
              projectStartDate: current.project.startDate,
              now,
              providerReviewRequired: providerReviewRequired(current.offering.type),
            })
          : targetState(action);
      const terminal = to === 'done' || to === 'erred' || to === 'canceled' || to === 'rejected';
      const updated = await tx.order.updateMany({
        where: { id: current.id, state: from },
        data: { state: to, modified: now, ...(terminal ? { completedAt: now } : {}), ...extra(order) },
      });
      if (updated.count !== 1) throw new InvalidOrderTransitionError(action, from);
      await applyResourceEffects(tx, current, from, to, now);
      if (to !== from) await services.events.orderStateChanged(tx, current.id);
    });
  }

  /** Resource side effects of an order entering `to` (marketplace/callbacks.py). */
  async function applyResourceEffects(
    tx: Prisma.TransactionClient,
    order: {
      readonly type: string;
      readonly limits: Prisma.JsonValue;
      readonly resource: { readonly id: string; readonly backendId: string | null } | null;
    },
    from: OrderState,
    to: OrderState,
    now: Date,
  ): Promise<void> {
    const resource = order.resource;
    if (resource === null || from === to) return;
    const type = order.type as OrderType;
    let data: Prisma.ResourceUpdateInput | null = null;
    if (to === 'executing') {
      const state = resourceStateWhileExecuting(type);
      if (state !== null) data = { state };
    } else if ((to === 'done' || to === 'erred') && from === 'executing') {
      const state = resourceStateAfterOrder({
        orderType: type,
        outcome: to,
        resourceHasBackendId: (resource.backendId ?? '') !== '',
      });
      data = { state, ...(to === 'done' && type === 'Update' ? { limits: order.limits ?? {} } : {}) };
    } else if ((to === 'canceled' || to === 'rejected') && type === 'Create') {
      data = { state: 'Terminated' };
    }
    if (data !== null)
      await tx.resource.update({ where: { id: resource.id }, data: { ...data, modified: now } });
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
      const type: OrderType = body.type ?? 'Create';
      const offering = await prisma.offering.findUnique({
        where: { id: referenceId('offering', body.offering) },
        include: { components: true, plans: true },
      });
      if (offering === null) throw FieldValidationError.field('offering', INVALID_HYPERLINK);
      const project = await prisma.project.findUnique({
        where: { id: referenceId('project', body.project) },
      });
      if (project === null || !canSeeProject(access, project)) {
        throw FieldValidationError.field('project', INVALID_HYPERLINK);
      }
      allow(canOrderInProject(access, project));
      if (offering.state !== 'Active')
        throw FieldValidationError.field('offering', 'Offering is not available.');

      let planId: string | null = null;
      if (body.plan !== undefined && body.plan !== null) {
        const id = referenceId('plan', body.plan);
        const plan = offering.plans.find((p) => p.id === id);
        if (plan === undefined)
          throw FieldValidationError.field('plan', 'This plan is not available for selected offering.');
        if (plan.archived) throw FieldValidationError.field('plan', 'Plan is archived.');
        planId = plan.id;
      }
      const limits = body.limits ?? {};
      const known = new Set(offering.components.map((c) => c.type));
      const unknown = Object.keys(limits).filter((k) => !known.has(k));
      if (unknown.length > 0) {
        throw FieldValidationError.field('limits', `Invalid components: ${unknown.join(', ')}.`);
      }
      const attributes = body.attributes ?? {};

      let resourceId: string | null = null;
      if (type !== 'Create') {
        if (body.resource === undefined)
          throw FieldValidationError.field('resource', 'This field is required.');
        const resource = await prisma.resource.findUnique({
          where: { id: referenceId('resource', body.resource) },
        });
        if (resource?.offeringId !== offering.id || resource.projectId !== project.id) {
          throw FieldValidationError.field('resource', INVALID_HYPERLINK);
        }
        const validResourceStates: Record<Exclude<OrderType, 'Create'>, readonly string[]> = {
          Update: ['OK'],
          Terminate: ['OK', 'Erred'],
          Restore: ['Terminated', 'Erred'],
        };
        const valid = validResourceStates[type];
        if (!valid.includes(resource.state))
          throw new IncorrectStateError(`Valid states for operation: ${valid.join(', ')}.`);
        resourceId = resource.id;
        planId ??= resource.planId;
      }

      const now = services.clock();
      const orderId = services.newId();
      await prisma.$transaction(async (tx) => {
        if (type === 'Create') {
          resourceId = services.newId();
          const name =
            typeof attributes.name === 'string' && attributes.name !== ''
              ? attributes.name
              : `resource-${resourceId.slice(0, 6)}`;
          await tx.resource.create({
            data: {
              id: resourceId,
              name,
              slug: slugFor(name, resourceId),
              offeringId: offering.id,
              projectId: project.id,
              planId,
              state: 'Creating',
              limits,
              attributes: attributes as Prisma.InputJsonObject,
              createdAt: now,
              modified: now,
            },
          });
        }
        await tx.order.create({
          data: {
            id: orderId,
            type,
            state: 'pending-consumer',
            offeringId: offering.id,
            projectId: project.id,
            resourceId,
            planId,
            limits: type === 'Terminate' ? {} : limits,
            attributes: attributes as Prisma.InputJsonObject,
            createdById: user.id,
            createdAt: now,
            modified: now,
          },
        });
        if (type === 'Create')
          await ensureOfferingUsers(tx, services, { projectId: project.id, offeringId: offering.id });
        await services.events.orderStateChanged(tx, orderId);
      });
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
