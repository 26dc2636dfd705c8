// `POST /api/marketplace-provider-offerings/{uuid}/update_integration/` (Waldur's OfferingIntegrationUpdateSerializer):
// the provider merges keys into the offering's `plugin_options` / `secret_options` (key by key, like Waldur;
// `service_attributes` and `backend_id` are accepted and ignored, the emulator has no service settings). The username keys the site agent reads are type-checked (docs/agent.md#username-management):
// `username_generation_policy` (Waldur's UsernameGenerationPolicyEnum), `service_provider_can_create_offering_user`,
// `username_anonymized_prefix`. Waldur's re-generation of existing usernames on a policy change is not emulated.
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { USERNAME_GENERATION_POLICIES } from '../../domain/username-generation.js';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { jsonObject } from '../serializers/format.js';
import { parseBody } from '../validation.js';
import { offeringWhere } from '../visibility.js';

const pluginOptionsSchema = z.looseObject({
  username_generation_policy: z.enum(USERNAME_GENERATION_POLICIES).optional(),
  service_provider_can_create_offering_user: z.boolean().optional(),
  username_anonymized_prefix: z.string().optional(),
});

const integrationSchema = z.looseObject({
  plugin_options: pluginOptionsSchema.optional(),
  secret_options: z.record(z.string(), z.unknown()).optional(),
});

export const offeringIntegrationRoutes: FastifyPluginCallback<RouteDeps> = (app, { services }, done) => {
  const { prisma } = services;
  app.post(
    '/api/marketplace-provider-offerings/:uuid/update_integration/',
    {
      schema: doc('marketplace-provider-offerings', 'Merge keys into plugin_options / secret_options', {
        body: integrationSchema,
      }),
    },
    async (request, reply) => {
      const { access } = authOf(request);
      const offering = found(
        await prisma.offering.findFirst({ where: { id: uuidParam(request), ...offeringWhere(access) } }),
      );
      allow(canManageOffering(access, offering.customerId));
      const body = parseBody(integrationSchema, request.body);
      await prisma.offering.update({
        where: { id: offering.id },
        data: {
          pluginOptions: {
            ...jsonObject(offering.pluginOptions),
            ...(body.plugin_options ?? {}),
          } as Prisma.InputJsonObject,
          secretOptions: {
            ...jsonObject(offering.secretOptions),
            ...(body.secret_options ?? {}),
          } as Prisma.InputJsonObject,
        },
      });
      return reply.status(200).send();
    },
  );
  done();
};
