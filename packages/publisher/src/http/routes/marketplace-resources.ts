// GET /api/marketplace-resources/: resources as any caller sees them (consumer and provider side), read by the
// agent's resource-limit sync CLI. Same serializer as the provider view.
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback } from 'fastify';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError } from '../errors.js';
import { sendList } from '../list-response.js';
import { byUuid, listWhere, RESOURCE_FILTERS } from '../list-filters.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { resourceInclude, serializeResource } from '../serializers/resource.js';
import { resourceWhere } from '../visibility.js';

/** A repeated UUID filter (`offering_uuid=a&offering_uuid=b`), each value checked like django-filter. */
function queryUuids(query: RawQuery, key: string): string[] {
  return queryAll(query, key)
    .filter((v) => v !== '')
    .map((value) => {
      try {
        return toHex(value);
      } catch (cause) {
        throw new FieldValidationError({ [key]: ['Enter a valid UUID.'] }, { cause });
      }
    });
}

export const marketplaceResourceRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { services, urls },
  done,
) => {
  const { prisma } = services;
  app.get(
    '/api/marketplace-resources/',
    { schema: doc('marketplace-resources', 'List resources visible to the caller') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where = listWhere<Prisma.ResourceWhereInput>(query, resourceWhere(access), {
        offering_uuid: (q, key) => {
          const offerings = queryUuids(q, key);
          return offerings.length === 0 ? undefined : { offeringId: { in: offerings } };
        },
        ...RESOURCE_FILTERS,
        provider_uuid: byUuid((id) => ({ offering: { customer: { serviceProvider: { id } } } })),
      });
      return sendList(request, reply, urls.base, {
        count: () => prisma.resource.count({ where }),
        fetch: (page) =>
          prisma.resource.findMany({
            where,
            include: resourceInclude,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (r) => serializeResource(r, urls),
      });
    },
  );
  done();
};
