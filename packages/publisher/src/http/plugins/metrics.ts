// GET /metrics (Prometheus text format) and the per-route HTTP duration histogram (docs/metrics.md#publisher).
// Like every other API call it needs a Waldur token; only staff or support may read it (a Prometheus scrape
// job sends `Authorization: Token <key>`).
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { isGlobalReader } from '../../domain/permissions.js';
import type { PublisherMetrics } from '../../metrics/publisher-metrics.js';
import { PermissionDeniedError } from '../errors.js';
import { authOf } from './auth.js';

export const METRICS_PATH = '/metrics';

const metricsPlugin: FastifyPluginCallback<{ metrics: PublisherMetrics }> = (app, { metrics }, done) => {
  app.addHook('onResponse', (request, reply, next) => {
    // The route pattern, never the URL: ids in paths would make the label set unbounded.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    next();
  });
  app.get(METRICS_PATH, { schema: { hide: true } }, async (request, reply) => {
    if (!isGlobalReader(authOf(request).access)) throw new PermissionDeniedError();
    const { contentType, body } = await metrics.exposition();
    return reply.type(contentType).send(body);
  });
  done();
};

export default fp(metricsPlugin, { name: 'waldur-metrics', fastify: '5.x' });
