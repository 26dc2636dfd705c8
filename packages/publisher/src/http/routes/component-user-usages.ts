// GET /api/marketplace-component-user-usages/: per-user shares of component usages. `set_user_usages` validates
// and logs them but the emulator keeps no per-user usage table, so this list is empty by design.
import type { FastifyPluginCallback } from 'fastify';
import { sendEmptyList } from '../empty-list.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

export const componentUserUsageRoutes: FastifyPluginCallback<RouteDeps> = (app, { urls }, done) => {
  app.get(
    '/api/marketplace-component-user-usages/',
    { schema: doc('marketplace-component-user-usages', 'Per-user component usages (none are kept: empty)') },
    async (request, reply) => {
      authOf(request);
      const query = request.query as RawQuery;
      for (const key of ['resource_uuid', 'offering_uuid', 'project_uuid', 'customer_uuid'])
        queryUuid(query, key);
      return sendEmptyList(request, reply, urls.base);
    },
  );
  done();
};
