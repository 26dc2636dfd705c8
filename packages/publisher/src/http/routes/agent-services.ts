// Site-agent services (docs/protocol.md#agent-identities): read one, the agent's heartbeat (register_processor)
// and its statistics. Managing a service needs provider rights on its identity's offering.
import { registerProcessorRequestSchema } from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { registerAgentProcessor } from '../../domain/agent-service-registration.js';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { agentServiceInclude, serializeAgentProcessor, serializeAgentService } from '../serializers/agent.js';
import { parseBody } from '../validation.js';
import { agentIdentityWhere } from '../visibility.js';

const setStatisticsSchema = z.looseObject({ statistics: z.record(z.string(), z.unknown()) });

export const agentServiceRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-site-agent-services';

  async function managedService(request: FastifyRequest) {
    const { access } = authOf(request);
    const service = found(
      await prisma.agentService.findFirst({
        where: { id: uuidParam(request), identity: agentIdentityWhere(access) },
        include: { identity: { include: { offering: true } } },
      }),
    );
    allow(canManageOffering(access, service.identity.offering.customerId));
    return service;
  }

  app.get(
    '/api/marketplace-site-agent-services/:uuid/',
    { schema: doc(tag, 'Retrieve an agent service') },
    async (request) => {
      const { access } = authOf(request);
      const service = found(
        await prisma.agentService.findFirst({
          where: { id: uuidParam(request), identity: agentIdentityWhere(access) },
          include: agentServiceInclude,
        }),
      );
      return sendOne(request, serializeAgentService(service, urls));
    },
  );

  app.post(
    '/api/marketplace-site-agent-services/:uuid/register_processor/',
    {
      schema: doc(tag, 'Get or create a processor and record a run (the agent heartbeat)', {
        body: registerProcessorRequestSchema,
      }),
    },
    async (request, reply) => {
      const service = await managedService(request);
      const body = parseBody(registerProcessorRequestSchema, request.body);
      const { processor, created } = await registerAgentProcessor(services, service, {
        name: body.name,
        backendType: body.backend_type,
        backendVersion: body.backend_version,
      });
      return reply.status(created ? 201 : 200).send(serializeAgentProcessor(processor, urls));
    },
  );

  app.post(
    '/api/marketplace-site-agent-services/:uuid/set_statistics/',
    { schema: doc(tag, 'Store service statistics', { body: setStatisticsSchema }) },
    async (request) => {
      const service = await managedService(request);
      const body = parseBody(setStatisticsSchema, request.body);
      const updated = await prisma.agentService.update({
        where: { id: service.id },
        data: { statistics: body.statistics as Prisma.InputJsonObject, modified: services.clock() },
        include: agentServiceInclude,
      });
      return serializeAgentService(updated, urls);
    },
  );
  done();
};
