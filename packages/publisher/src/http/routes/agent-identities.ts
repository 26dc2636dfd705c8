// Site-agent identities, services and processors (docs/protocol.md#agent-identities): the agent's start-up registration
// (identity, register_event_subscription per object type, register_service); services and the heartbeat are in
// agent-services.ts. Managing an identity needs provider rights on its offering.
import {
  agentIdentityRequestSchema,
  registerQueueRequestSchema,
  registerEventSubscriptionRequestSchema,
  registerServiceRequestSchema,
} from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { registerEventSubscription } from '../../domain/agent-event-subscription.js';
import { registerAgentService } from '../../domain/agent-service-registration.js';
import {
  consumerRegistrationBody,
  deleteConsumerBrokerObjects,
  registerConsumer,
} from '../../domain/event-consumer-registration.js';
import { canManageOffering, canSeeOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError, MethodNotAllowedError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryOne, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  agentIdentityInclude,
  serializeAgentIdentity,
  serializeAgentService,
  type AgentIdentityWithRelations,
} from '../serializers/agent.js';
import { eventSubscriptionInclude, serializeEventSubscription } from '../serializers/event-subscription.js';
import { checkDateRange } from '../input-limits.js';
import { parseBody } from '../validation.js';
import { agentIdentityWhere } from '../visibility.js';

export const agentIdentityRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-site-agent-identities';

  async function visibleIdentity(
    request: FastifyRequest,
  ): Promise<AgentIdentityWithRelations & { offering: { customerId: string } }> {
    const { access } = authOf(request);
    return found(
      await prisma.agentIdentity.findFirst({
        where: { id: uuidParam(request), ...agentIdentityWhere(access) },
        include: { ...agentIdentityInclude, offering: true },
      }),
    );
  }

  async function managedIdentity(request: FastifyRequest) {
    const identity = await visibleIdentity(request);
    allow(canManageOffering(authOf(request).access, identity.offering.customerId));
    return identity;
  }

  async function reload(id: string): Promise<AgentIdentityWithRelations> {
    return found(await prisma.agentIdentity.findUnique({ where: { id }, include: agentIdentityInclude }));
  }

  /** The identity's offering from a request body: must exist and be visible (400), manageable (403). */
  async function offeringFor(request: FastifyRequest, offeringId: string) {
    const { access } = authOf(request);
    const offering = await prisma.offering.findUnique({ where: { id: offeringId } });
    if (offering === null || !canSeeOffering(access, offering.customerId)) {
      throw FieldValidationError.field('offering', `Object with uuid=${offeringId} does not exist.`);
    }
    allow(canManageOffering(access, offering.customerId));
    return offering;
  }

  function identityData(
    body: z.output<typeof agentIdentityRequestSchema>,
  ): Omit<Prisma.AgentIdentityUncheckedCreateInput, 'id' | 'offeringId' | 'createdById'> {
    return {
      name: body.name,
      ...(body.version === undefined ? {} : { version: body.version }),
      ...(body.dependencies === undefined
        ? {}
        : { dependencies: body.dependencies.map((d) => ({ ...d })) as Prisma.InputJsonArray }),
      ...(body.config_file_path === undefined ? {} : { configFilePath: body.config_file_path }),
      ...(body.config_file_content === undefined ? {} : { configFileContent: body.config_file_content }),
      ...(body.last_restarted === undefined
        ? {}
        : { lastRestarted: checkDateRange(new Date(body.last_restarted), 'last_restarted') }),
    };
  }

  app.get(
    '/api/marketplace-site-agent-identities/',
    { schema: doc(tag, 'List agent identities') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and: Prisma.AgentIdentityWhereInput[] = [agentIdentityWhere(access)];
      const name = queryOne(query, 'name');
      if (name !== undefined) and.push({ name });
      const offering = queryUuid(query, 'offering_uuid');
      if (offering !== undefined) and.push({ offeringId: offering });
      const where: Prisma.AgentIdentityWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.agentIdentity.count({ where }),
        fetch: (page) =>
          prisma.agentIdentity.findMany({
            where,
            include: agentIdentityInclude,
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (i) => serializeAgentIdentity(i, urls),
      });
    },
  );

  app.get(
    '/api/marketplace-site-agent-identities/:uuid/',
    { schema: doc(tag, 'Retrieve an agent identity') },
    async (request) => sendOne(request, serializeAgentIdentity(await visibleIdentity(request), urls)),
  );

  app.post(
    '/api/marketplace-site-agent-identities/',
    { schema: doc(tag, 'Create an agent identity', { body: agentIdentityRequestSchema }) },
    async (request, reply) => {
      const { user } = authOf(request);
      const body = parseBody(agentIdentityRequestSchema, request.body);
      const offering = await offeringFor(request, body.offering);
      const id = services.newId();
      const now = services.clock();
      await prisma.agentIdentity.create({
        data: {
          id,
          offeringId: offering.id,
          createdById: user.id,
          createdAt: now,
          modified: now,
          ...identityData(body),
        },
      });
      return reply.status(201).send(serializeAgentIdentity(await reload(id), urls));
    },
  );

  app.put(
    '/api/marketplace-site-agent-identities/:uuid/',
    {
      schema: doc(tag, 'Update an agent identity (offering is immutable)', {
        body: agentIdentityRequestSchema,
      }),
    },
    async (request) => {
      const identity = await managedIdentity(request);
      const body = parseBody(agentIdentityRequestSchema, request.body);
      if (body.offering !== identity.offeringId)
        throw FieldValidationError.field('offering', 'Offering cannot be changed.');
      await prisma.agentIdentity.update({
        where: { id: identity.id },
        data: { ...identityData(body), modified: services.clock() },
      });
      return serializeAgentIdentity(await reload(identity.id), urls);
    },
  );

  app.patch(
    '/api/marketplace-site-agent-identities/:uuid/',
    { schema: doc(tag, 'Disabled (405), as in Waldur') },
    () => {
      throw new MethodNotAllowedError('PATCH');
    },
  );

  app.delete(
    '/api/marketplace-site-agent-identities/:uuid/',
    { schema: doc(tag, 'Delete an agent identity') },
    async (request, reply) => {
      const identity = await managedIdentity(request);
      const consumer = await prisma.eventConsumer.findUnique({ where: { identityId: identity.id } });
      await prisma.agentIdentity.delete({ where: { id: identity.id } });
      if (consumer !== null) await deleteConsumerBrokerObjects(services, consumer, request.log);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/marketplace-site-agent-identities/:uuid/register_event_subscription/',
    {
      schema: doc(
        tag,
        "Get or create the caller's subscription for one object type (200 existing, 201 new)",
        {
          body: registerEventSubscriptionRequestSchema,
          deprecated: true,
        },
      ),
    },
    async (request, reply) => {
      const { user } = authOf(request);
      await managedIdentity(request);
      const body = parseBody(registerEventSubscriptionRequestSchema, request.body);
      const outcome = await registerEventSubscription(
        services,
        user,
        { objectType: body.observable_object_type, description: body.description, sourceIp: request.ip },
        request.log,
      );
      const sub = found(
        await prisma.eventSubscription.findUnique({
          where: { id: outcome.id },
          include: eventSubscriptionInclude,
        }),
      );
      return reply.status(outcome.created ? 201 : 200).send(serializeEventSubscription(sub, urls));
    },
  );

  app.post(
    '/api/marketplace-site-agent-identities/:uuid/register_queue/',
    {
      schema: doc(
        tag,
        "Get or create the identity's unified consumer queue consumer_<uuid> (201 new, 200 existing)",
        {
          body: registerQueueRequestSchema,
        },
      ),
    },
    async (request, reply) => {
      const { user } = authOf(request);
      const identity = await managedIdentity(request);
      const body = parseBody(registerQueueRequestSchema, request.body);
      const { consumer, created } = await registerConsumer(services, user, {
        identityId: identity.id,
        scopes: [],
        objectTypes: body.object_types,
      });
      return reply.status(created ? 201 : 200).send(consumerRegistrationBody(consumer));
    },
  );

  app.post(
    '/api/marketplace-site-agent-identities/:uuid/register_service/',
    {
      schema: doc(tag, 'Get or create an agent service (200 existing, 201 new)', {
        body: registerServiceRequestSchema,
      }),
    },
    async (request, reply) => {
      const identity = await managedIdentity(request);
      const body = parseBody(registerServiceRequestSchema, request.body);
      const { service, created } = await registerAgentService(services, identity.id, body);
      return reply.status(created ? 201 : 200).send(serializeAgentService(service, urls));
    },
  );

  done();
};
