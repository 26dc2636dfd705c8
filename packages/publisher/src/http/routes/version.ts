// GET /api/version/: every agent mode reads it at start-up. The emulator answers the Waldur version whose API
// it reproduces (the generated client it is checked against).
import type { FastifyPluginCallback } from 'fastify';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';

/** The Waldur (Mastermind) API version this emulator implements. */
export const WALDUR_API_VERSION = '8.1.0rc19';

export const versionRoutes: FastifyPluginCallback<RouteDeps> = (app, _deps, done) => {
  app.get('/api/version/', { schema: doc('version', 'Waldur version (authenticated)') }, (request) => {
    authOf(request);
    return { version: WALDUR_API_VERSION, latest_version: WALDUR_API_VERSION };
  });
  done();
};
