// GET /api/component-user-usage-limits/: per-user limits on a resource's components, read by membership sync.
// The emulator stores no such limits, so the list is empty by design (filters are still validated).
import type { FastifyPluginCallback } from 'fastify';
import { sendEmptyList } from '../empty-list.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

export const componentUserUsageLimitRoutes: FastifyPluginCallback<RouteDeps> = (app, { urls }, done) => {
  app.get(
    '/api/component-user-usage-limits/',
    { schema: doc('component-user-usage-limits', 'Per-user component limits (none are kept: empty)') },
    async (request, reply) => {
      authOf(request);
      const query = request.query as RawQuery;
      queryUuid(query, 'resource_uuid');
      queryUuid(query, 'offering_uuid');
      return sendEmptyList(request, reply, urls.base);
    },
  );
  done();
};
