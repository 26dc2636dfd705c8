// JSON bodies the way DRF reads them: an empty body is "no data" (the agent posts approve/set_state_done with no
// body at all, sometimes still with Content-Type: application/json); invalid JSON is DRF's 400 parse error.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { ParseError } from '../errors.js';

const jsonBodyPlugin: FastifyPluginCallback = (app, _opts, done) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (cause) {
      done(new ParseError(cause instanceof Error ? cause.message : String(cause)), undefined);
    }
  });
  done();
};

export default fp(jsonBodyPlugin, { name: 'waldur-json-body', fastify: '5.x' });
