// GET /api/users/me/ — the agent's readiness probe and processor bootstrap.
import type { FastifyPluginCallback } from 'fastify';
import { sendOne } from '../list-response.js';
import { authOf } from '../plugins/auth.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { serializeUser } from '../serializers/user.js';

export const userRoutes: FastifyPluginCallback<RouteDeps> = (app, { urls }, done) => {
  app.get('/api/users/me/', { schema: doc('users', 'The authenticated user') }, (request) => {
    const { user } = authOf(request);
    return sendOne(request, serializeUser(user, urls, { includeToken: true }));
  });
  done();
};
