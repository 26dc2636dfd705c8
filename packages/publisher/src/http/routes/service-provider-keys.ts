// GET marketplace-service-providers/{uuid}/keys/: SSH keys of the users of a provider's offerings, read when the
// agent creates accounts. The emulator keeps no SSH keys, so the list is honestly empty; access is checked.
import type { FastifyPluginCallback } from 'fastify';
import { canSeeOffering } from '../../domain/permissions.js';
import { sendEmptyList } from '../empty-list.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

export const serviceProviderKeyRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  app.get(
    '/api/marketplace-service-providers/:uuid/keys/',
    {
      schema: doc('marketplace-service-providers', "SSH keys of the provider's users (none are kept: empty)"),
    },
    async (request, reply) => {
      const { access } = authOf(request);
      const sp = found(
        await services.prisma.serviceProvider.findUnique({ where: { id: uuidParam(request) } }),
      );
      allow(canSeeOffering(access, sp.customerId));
      queryUuid(request.query as RawQuery, 'user_uuid');
      return sendEmptyList(request, reply, urls.base);
    },
  );
  done();
};
