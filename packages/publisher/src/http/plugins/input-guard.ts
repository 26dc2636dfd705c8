// Refuses, for every route, request values PostgreSQL cannot store or Prisma cannot encode: NUL characters and
// lone surrogates in any string of the JSON body, the query string or the path, and JSON nested deeper than
// MAX_JSON_DEPTH. Checked once here (after parsing, before any handler) so no route can forget it; the answer
// is DRF's 400 body naming the field (404 for a path parameter).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { NotFoundError } from '../errors.js';
import { assertStorable, findUnstorable } from '../input-limits.js';

const inputGuardPlugin: FastifyPluginCallback = (app, _opts, done) => {
  app.addHook('preValidation', (request, _reply, next) => {
    try {
      // A path segment PostgreSQL cannot store matches no object: 404, as Waldur's URL patterns answer.
      if (findUnstorable(request.params) !== null) throw new NotFoundError();
      assertStorable(request.query);
      assertStorable(request.body);
    } catch (error) {
      next(error as Error);
      return;
    }
    next();
  });
  done();
};

export default fp(inputGuardPlugin, { name: 'waldur-input-guard', fastify: '5.x' });
