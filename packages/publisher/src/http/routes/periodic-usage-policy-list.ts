// GET /api/marketplace-slurm-periodic-usage-policies/: SLURM periodic usage policies (diagnostics CLI). The
// emulator has no policy model, so the list is empty by design (filters are still validated).
import type { FastifyPluginCallback } from 'fastify';
import { sendEmptyList } from '../empty-list.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

export const periodicUsagePolicyListRoutes: FastifyPluginCallback<RouteDeps> = (app, { urls }, done) => {
  app.get(
    '/api/marketplace-slurm-periodic-usage-policies/',
    {
      schema: doc(
        'marketplace-slurm-periodic-usage-policies',
        'Periodic usage policies (none are kept: empty)',
      ),
    },
    async (request, reply) => {
      authOf(request);
      queryUuid(request.query as RawQuery, 'scope_uuid');
      return sendEmptyList(request, reply, urls.base);
    },
  );
  done();
};
