// Provider offerings, service providers and plans: what the agent reads at start-up (offering components,
// plugin options, customer), plus check_unique_backend_id and sync_resources (docs/protocol.md#offering_resources_sync);
// the account listings are in offering-accounts.ts.
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { canManageOffering, canSeeOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { ConflictError, FieldValidationError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, queryOne, queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  offeringInclude,
  planInclude,
  serializeOffering,
  serializePlan,
  serializeServiceProvider,
  serviceProviderInclude,
} from '../serializers/offering.js';
import { parseBody } from '../validation.js';
import { offeringWhere } from '../visibility.js';

/** Offering types served by the site agent (Waldur's SITE_AGENT_OFFERING). */
export const SITE_AGENT_OFFERING_TYPES: readonly string[] = ['Marketplace.Slurm'];

const checkUniqueBackendIdSchema = z.looseObject({
  backend_id: z.string().min(1),
  check_all_offerings: z.boolean().optional(),
});

export const providerOfferingRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-provider-offerings';

  async function visibleOffering(request: Parameters<typeof authOf>[0]) {
    const { access } = authOf(request);
    return found(
      await prisma.offering.findFirst({
        where: { id: uuidParam(request), ...offeringWhere(access) },
        include: offeringInclude,
      }),
    );
  }

  app.get(
    '/api/marketplace-provider-offerings/',
    { schema: doc(tag, "List offerings of the caller's customers") },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where: Prisma.OfferingWhereInput = { AND: [offeringWhere(access)] };
      const and = where.AND as Prisma.OfferingWhereInput[];
      const customer = queryUuid(query, 'customer_uuid');
      if (customer !== undefined) and.push({ customerId: customer });
      const states = queryAll(query, 'state');
      if (states.length > 0) and.push({ state: { in: states } });
      const types = queryAll(query, 'type');
      if (types.length > 0) and.push({ type: { in: types } });
      const name = queryOne(query, 'name');
      if (name !== undefined) and.push({ name: { contains: name, mode: 'insensitive' } });
      return sendList(request, reply, urls.base, {
        count: () => prisma.offering.count({ where }),
        fetch: (page) =>
          prisma.offering.findMany({
            where,
            include: offeringInclude,
            orderBy: { createdAt: 'desc' },
            ...page,
          }),
        serialize: (o) => serializeOffering(o, urls),
      });
    },
  );

  app.get(
    '/api/marketplace-provider-offerings/:uuid/',
    { schema: doc(tag, 'Retrieve an offering') },
    async (request) => sendOne(request, serializeOffering(await visibleOffering(request), urls)),
  );

  app.post(
    '/api/marketplace-provider-offerings/:uuid/check_unique_backend_id/',
    {
      schema: doc(tag, 'Is a backend_id unused in this offering (or all offerings of its customer)?', {
        body: checkUniqueBackendIdSchema,
      }),
    },
    async (request) => {
      const offering = await visibleOffering(request);
      allow(canManageOffering(authOf(request).access, offering.customerId));
      const body = parseBody(checkUniqueBackendIdSchema, request.body);
      const scope: Prisma.ResourceWhereInput =
        body.check_all_offerings === true
          ? { offering: { customerId: offering.customerId } }
          : { offeringId: offering.id };
      const used = await prisma.resource.count({ where: { ...scope, backendId: body.backend_id } });
      return { is_unique: used === 0 };
    },
  );

  app.post(
    '/api/marketplace-provider-offerings/:uuid/sync_resources/',
    {
      schema: doc(
        tag,
        'Ask the site agents of this offering to reconcile all resources (offering_resources_sync event)',
      ),
    },
    async (request, reply) => {
      const { access, user } = authOf(request);
      const offering = await visibleOffering(request);
      allow(canManageOffering(access, offering.customerId));
      if (!SITE_AGENT_OFFERING_TYPES.includes(offering.type)) {
        throw new FieldValidationError(['Resource sync is only available for site agent offerings.']);
      }
      if (offering.state !== 'Active') throw new ConflictError('Offering is not active.');
      const reached = await prisma.$transaction((tx) =>
        services.events.offeringResourcesSyncRequested(tx, offering.id, user.id),
      );
      if (reached === 0) {
        // Nothing was written to the outbox, so there is nothing to roll back.
        throw new ConflictError('No site agent is subscribed to resource sync events of this offering.');
      }
      return reply
        .status(202)
        .send({ detail: `Resource sync request has been sent to ${reached} site agent queue(s).` });
    },
  );

  app.get(
    '/api/marketplace-service-providers/',
    { schema: doc('marketplace-service-providers', 'List service providers') },
    async (request, reply) => {
      const query = request.query as RawQuery;
      const customer = queryUuid(query, 'customer_uuid');
      const where: Prisma.ServiceProviderWhereInput = customer === undefined ? {} : { customerId: customer };
      return sendList(request, reply, urls.base, {
        count: () => prisma.serviceProvider.count({ where }),
        fetch: (page) =>
          prisma.serviceProvider.findMany({
            where,
            include: serviceProviderInclude,
            orderBy: { createdAt: 'asc' },
            ...page,
          }),
        serialize: (sp) => serializeServiceProvider(sp, urls),
      });
    },
  );

  app.get(
    '/api/marketplace-service-providers/:uuid/',
    { schema: doc('marketplace-service-providers', 'Retrieve a service provider') },
    async (request) => {
      const sp = found(
        await prisma.serviceProvider.findUnique({
          where: { id: uuidParam(request) },
          include: serviceProviderInclude,
        }),
      );
      return sendOne(request, serializeServiceProvider(sp, urls));
    },
  );

  app.get(
    '/api/marketplace-plans/:uuid/',
    { schema: doc('marketplace-plans', 'Retrieve a plan of a visible offering') },
    async (request) => {
      const { access } = authOf(request);
      const plan = await prisma.plan.findUnique({ where: { id: uuidParam(request) }, include: planInclude });
      const visible = found(plan !== null && canSeeOffering(access, plan.offering.customerId) ? plan : null);
      return sendOne(request, serializePlan(visible, urls));
    },
  );
  done();
};
