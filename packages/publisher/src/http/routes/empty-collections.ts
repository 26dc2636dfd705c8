// Collections of Waldur's contract whose objects the emulator keeps none of, so each is an honest empty list:
// per-user component usage limits (membership sync). Authenticated; UUID filters are still validated.
import type { FastifyPluginCallback } from 'fastify';
import { sendEmptyList } from '../empty-list.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

interface EmptyCollection {
  readonly collection: string;
  readonly summary: string;
  readonly uuidFilters: readonly string[];
}

export const EMPTY_COLLECTIONS: readonly EmptyCollection[] = [
  {
    collection: 'component-user-usage-limits',
    summary: 'Per-user component limits (none are kept: empty)',
    uuidFilters: ['resource_uuid', 'offering_uuid'],
  },
];

export const emptyCollectionRoutes: FastifyPluginCallback<RouteDeps> = (app, { urls }, done) => {
  for (const { collection, summary, uuidFilters } of EMPTY_COLLECTIONS) {
    app.get(`/api/${collection}/`, { schema: doc(collection, summary) }, async (request, reply) => {
      authOf(request);
      for (const key of uuidFilters) queryUuid(request.query as RawQuery, key);
      return sendEmptyList(request, reply, urls.base);
    });
  }
  done();
};
