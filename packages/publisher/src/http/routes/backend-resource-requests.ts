// /api/backend-resource-requests/{uuid}/…: Waldur asks a site agent (by event) to list its backend resources and
// the agent reports progress on the request. Nothing in the emulator creates such requests, so every UUID is
// unknown and answers 404, as Waldur does for one it does not have.
import type { FastifyPluginCallback } from 'fastify';
import { NotFoundError } from '../errors.js';
import { uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

export const backendResourceRequestRoutes: FastifyPluginCallback<RouteDeps> = (app, _deps, done) => {
  const tag = 'backend-resource-requests';
  const missing = (request: Parameters<typeof authOf>[0]): never => {
    authOf(request);
    uuidParam(request);
    throw new NotFoundError();
  };
  app.get(
    '/api/backend-resource-requests/:uuid/',
    { schema: doc(tag, 'Retrieve (none exist: 404)') },
    missing,
  );
  for (const action of ['start_processing', 'set_done', 'set_erred']) {
    app.post(
      `/api/backend-resource-requests/:uuid/${action}/`,
      { schema: doc(tag, `${action} (none exist: 404)`) },
      missing,
    );
  }
  done();
};
