// POST /api/event-consumers/register/: a unified-path consumer that is not a site agent
// (docs/protocol.md#unified-path). Each scope must exist and be visible to the caller (400 otherwise); no scopes means a global
// consumer, which only staff and support may own (403).
import { eventConsumerRegisterRequestSchema, toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback } from 'fastify';
import { consumerRegistrationBody, registerConsumer } from '../../domain/event-consumer-registration.js';
import {
  canSeeOffering,
  canSeeProject,
  isGlobalReader,
  type AccessContext,
} from '../../domain/permissions.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { FieldValidationError } from '../errors.js';
import { allow } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { parseBody } from '../validation.js';

async function scopeVisible(
  prisma: PrismaClient,
  access: AccessContext,
  scope: { readonly type: string; readonly uuid: string },
): Promise<boolean> {
  if (scope.type === 'offering') {
    const o = await prisma.offering.findUnique({ where: { id: scope.uuid } });
    return o !== null && canSeeOffering(access, o.customerId);
  }
  if (scope.type === 'project') {
    const p = await prisma.project.findUnique({ where: { id: scope.uuid } });
    return p !== null && canSeeProject(access, p);
  }
  const c = await prisma.customer.findUnique({ where: { id: scope.uuid } });
  return c !== null && (isGlobalReader(access) || access.customerRoles.has(c.id));
}

export const eventConsumerRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  app.post(
    '/api/event-consumers/register/',
    {
      schema: doc('event-consumers', 'Get or create a unified consumer queue (201 new, 200 existing)', {
        body: eventConsumerRegisterRequestSchema,
      }),
    },
    async (request, reply) => {
      const { access, user } = authOf(request);
      const body = parseBody(eventConsumerRegisterRequestSchema, request.body);
      const scopes = [];
      for (const scope of body.scopes ?? []) {
        let uuid: string;
        try {
          uuid = toHex(scope.uuid);
        } catch (cause) {
          throw new FieldValidationError({ scopes: [`Invalid uuid: ${scope.uuid}.`] }, { cause });
        }
        if (!(await scopeVisible(services.prisma, access, { type: scope.type, uuid })))
          throw FieldValidationError.field('scopes', `${scope.type} with uuid=${uuid} does not exist.`);
        scopes.push({ type: scope.type, uuid });
      }
      allow(scopes.length > 0 || isGlobalReader(access));
      const { consumer, created } = await registerConsumer(services, user, {
        scopes,
        objectTypes: body.object_types,
      });
      return reply.status(created ? 201 : 200).send(consumerRegistrationBody(consumer));
    },
  );
  done();
};
