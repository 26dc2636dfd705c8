// Per-user component usages as Waldur lists them: what `set_user_usage(s)` stored, filtered the way the
// agent's report mode and historical loader ask (resource, billing period of the component usage, username).
import type { FastifyPluginCallback } from 'fastify';
import type { Prisma } from '../../generated/prisma/client.js';
import { sendList } from '../list-response.js';
import { authOf } from '../plugins/auth.js';
import { queryDate, queryOne, type RawQuery } from '../query.js';
import { componentUsageFilters } from './component-usages.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  componentUserUsageInclude,
  serializeComponentUserUsage,
} from '../serializers/component-user-usage.js';
import { componentUsageWhere } from '../visibility.js';

export const componentUserUsageRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  app.get(
    '/api/marketplace-component-user-usages/',
    { schema: doc('marketplace-component-user-usages', 'List per-user component usages') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const usage = componentUsageFilters(query, componentUsageWhere(access));
      const period = queryDate(query, 'component_usage__billing_period');
      if (period !== undefined) usage.push({ billingPeriod: period });
      const username = queryOne(query, 'username');
      const where: Prisma.ComponentUserUsageWhereInput = {
        componentUsage: { AND: usage },
        ...(username === undefined ? {} : { username }),
      };
      return sendList(request, reply, urls.base, {
        count: () => prisma.componentUserUsage.count({ where }),
        fetch: (page) =>
          prisma.componentUserUsage.findMany({
            where,
            include: componentUserUsageInclude,
            orderBy: [{ username: 'asc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (row) => serializeComponentUserUsage(urls, row),
      });
    },
  );
  done();
};
