// GET marketplace-service-providers/{uuid}/projects/: the projects that hold resources of the provider's offerings
// (membership sync walks them). Real data: projects with a not-terminated resource of one of its offerings.
import type { FastifyPluginCallback } from 'fastify';
import { canSeeOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { sendList } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { byText, byUuid, listWhere, PROJECT_FILTERS } from '../list-filters.js';
import { authOf } from '../plugins/auth.js';
import { type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { projectInclude, serializeProject } from '../serializers/project.js';

/** Waldur's `query` filter on projects: a name substring or the project's UUID. */
function textQuery(text: string): Prisma.ProjectWhereInput {
  const hex = text.replaceAll('-', '').toLowerCase();
  return {
    OR: [
      { name: { contains: text, mode: 'insensitive' } },
      ...(/^[0-9a-f]{32}$/.test(hex) ? [{ id: hex }] : []),
    ],
  };
}

export const serviceProviderProjectRoutes: FastifyPluginCallback<RouteDeps> = (
  app,
  { services, urls },
  done,
) => {
  const { prisma } = services;
  app.get(
    '/api/marketplace-service-providers/:uuid/projects/',
    { schema: doc('marketplace-service-providers', "Projects with resources of the provider's offerings") },
    async (request, reply) => {
      const { access } = authOf(request);
      const sp = found(await prisma.serviceProvider.findUnique({ where: { id: uuidParam(request) } }));
      allow(canSeeOffering(access, sp.customerId));
      const query = request.query as RawQuery;
      const served: Prisma.ProjectWhereInput = {
        resources: { some: { offering: { customerId: sp.customerId }, state: { not: 'Terminated' } } },
      };
      const where = listWhere<Prisma.ProjectWhereInput>(query, served, {
        customer: byUuid((customerId) => ({ customerId })),
        ...PROJECT_FILTERS,
        query: byText(textQuery),
      });
      return sendList(request, reply, urls.base, {
        count: () => prisma.project.count({ where }),
        fetch: (page) =>
          prisma.project.findMany({
            where,
            include: projectInclude,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (p) => serializeProject(p, urls),
      });
    },
  );
  done();
};
