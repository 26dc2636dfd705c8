// Refuses, for every route, request values PostgreSQL cannot store or Prisma cannot encode: NUL characters and
// lone surrogates in any string of the JSON body, the query string or the path, and JSON nested deeper than
// MAX_JSON_DEPTH. Checked once here (after parsing, before any handler) so no route can forget it; the answer
// is DRF's 400 body naming the field.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { assertStorable } from '../input-limits.js';

const inputGuardPlugin: FastifyPluginCallback = (app, _opts, done) => {
  app.addHook('preValidation', (request, _reply, next) => {
    try {
      assertStorable(request.params);
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
