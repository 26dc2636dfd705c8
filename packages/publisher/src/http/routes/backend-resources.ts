// /api/backend-resources/: resources a site agent found on its backend that the marketplace does not know
// (reported for import). Listed on the provider side; created by the offering's manager.
import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import type { BackendResource, Offering, Prisma, Project } from '../../generated/prisma/client.js';
import { sendList } from '../list-response.js';
import { allow } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import {
  backendId,
  listWhere,
  modifiedBefore,
  nameContains,
  nameExact,
  offeringUuid,
  projectUuid,
} from '../list-filters.js';
import type { RawQuery } from '../query.js';
import { missingReference, referenceUuid } from '../reference.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { isoDateTime, jsonObject } from '../serializers/format.js';
import type { Urls } from '../serializers/urls.js';
import { parseBody } from '../validation.js';
import { offeringWhere } from '../visibility.js';

const createSchema = z.looseObject({
  name: z.string().min(1).max(255),
  project: z.string().min(1),
  offering: z.string().min(1),
  backend_id: z.string().max(255).optional(),
  backend_metadata: z.record(z.string(), z.unknown()).optional(),
});

type BackendResourceRow = BackendResource & { project: Project; offering: Offering };
const include = { project: true, offering: true } satisfies Prisma.BackendResourceInclude;

function serialize(row: BackendResourceRow, urls: Urls) {
  return {
    url: `${urls.base}/api/backend-resources/${row.id}/`,
    uuid: row.id,
    name: row.name,
    created: isoDateTime(row.createdAt),
    modified: isoDateTime(row.modified),
    project: row.projectId,
    project_name: row.project.name,
    project_url: urls.project(row.projectId),
    offering: row.offeringId,
    offering_name: row.offering.name,
    offering_url: urls.offering(row.offeringId),
    backend_id: row.backendId,
    backend_metadata: jsonObject(row.backendMetadata),
  };
}

export const backendResourceRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'backend-resources';

  app.get(
    '/api/backend-resources/',
    { schema: doc(tag, "Backend resources reported for the caller's offerings") },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where = listWhere<Prisma.BackendResourceWhereInput>(
        query,
        { offering: offeringWhere(access) },
        {
          offering_uuid: offeringUuid,
          project_uuid: projectUuid,
          backend_id: backendId,
          name: nameContains,
          name_exact: nameExact,
          modified_before: modifiedBefore,
        },
      );
      return sendList(request, reply, urls.base, {
        count: () => prisma.backendResource.count({ where }),
        fetch: (page) =>
          prisma.backendResource.findMany({
            where,
            include,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize: (row) => serialize(row, urls),
      });
    },
  );

  app.post(
    '/api/backend-resources/',
    { schema: doc(tag, 'Report a resource found on the backend', { body: createSchema }) },
    async (request, reply) => {
      const { access } = authOf(request);
      const body = parseBody(createSchema, request.body);
      const offering = await prisma.offering.findFirst({
        where: { id: referenceUuid('offering', body.offering), ...offeringWhere(access) },
      });
      if (offering === null) throw missingReference('offering', body.offering);
      allow(canManageOffering(access, offering.customerId));
      const project = await prisma.project.findUnique({
        where: { id: referenceUuid('project', body.project) },
      });
      if (project === null) throw missingReference('project', body.project);
      const now = services.clock();
      const row = await prisma.backendResource.create({
        data: {
          id: services.newId(),
          name: body.name,
          projectId: project.id,
          offeringId: offering.id,
          backendId: body.backend_id ?? '',
          backendMetadata: (body.backend_metadata ?? {}) as Prisma.InputJsonObject,
          createdAt: now,
          modified: now,
        },
        include,
      });
      return reply.status(201).send(serialize(row, urls));
    },
  );
  done();
};
