// /api/marketplace-resource-api-keys/: API keys a site agent creates on its backend for a resource and reports to
// Waldur (report_created, set_key, set_erred); listed on the provider side. Only a fingerprint of a key is kept.
import { createHash } from 'node:crypto';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma, Resource, ResourceApiKey } from '../../generated/prisma/client.js';
import { sendList } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { queryAll, queryDateTime, queryUuid, type RawQuery } from '../query.js';
import { missingReference, referenceUuid } from '../reference.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { isoDateTime } from '../serializers/format.js';
import { parseBody } from '../validation.js';
import { providerResourceWhere } from '../visibility.js';

export const API_KEY_STATES = ['Creating', 'OK', 'Updating', 'Erred'] as const;

const reportCreatedSchema = z.looseObject({
  resource: z.string().min(1),
  client_id: z.string().min(1).max(255),
  api_key: z.string().min(1),
});
const setKeySchema = z.looseObject({ api_key: z.string().min(1), client_id: z.string().max(255).optional() });
const setErredSchema = z.looseObject({ error_message: z.string() });

type KeyRow = ResourceApiKey & { resource: Resource };
const include = { resource: true } satisfies Prisma.ResourceApiKeyInclude;

function fingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

function serialize(row: KeyRow) {
  return {
    uuid: row.id,
    resource_uuid: row.resourceId,
    resource_backend_id: row.resource.backendId ?? '',
    modified: isoDateTime(row.modified),
    client_id: row.clientId,
    fingerprint: row.fingerprint,
    state: row.state,
    error_message: row.errorMessage,
  };
}

export const resourceApiKeyRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-resource-api-keys';

  /** A key of a resource the caller manages: 404 if invisible, 403 without provider rights. */
  async function managedKey(request: FastifyRequest): Promise<KeyRow> {
    const { access } = authOf(request);
    const key = found(
      await prisma.resourceApiKey.findFirst({
        where: { id: uuidParam(request), resource: providerResourceWhere(access) },
        include: { resource: { include: { offering: true } } },
      }),
    );
    allow(canManageOffering(access, key.resource.offering.customerId));
    return key;
  }

  async function update(id: string, data: Prisma.ResourceApiKeyUpdateInput) {
    const row = await prisma.resourceApiKey.update({
      where: { id },
      data: { ...data, modified: services.clock() },
      include,
    });
    return serialize(row);
  }

  app.get(
    '/api/marketplace-resource-api-keys/',
    { schema: doc(tag, "API keys of the caller's resources") },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const and: Prisma.ResourceApiKeyWhereInput[] = [{ resource: providerResourceWhere(access) }];
      const resource = queryUuid(query, 'resource_uuid');
      if (resource !== undefined) and.push({ resourceId: resource });
      const offering = queryUuid(query, 'offering_uuid');
      if (offering !== undefined) and.push({ resource: { offeringId: offering } });
      const states = queryAll(query, 'state');
      if (states.length > 0) and.push({ state: { in: states } });
      const modifiedBefore = queryDateTime(query, 'modified_before');
      if (modifiedBefore !== undefined) and.push({ modified: { lt: modifiedBefore } });
      const where: Prisma.ResourceApiKeyWhereInput = { AND: and };
      return sendList(request, reply, urls.base, {
        count: () => prisma.resourceApiKey.count({ where }),
        fetch: (page) =>
          prisma.resourceApiKey.findMany({
            where,
            include,
            orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
            ...page,
          }),
        serialize,
      });
    },
  );

  app.post(
    '/api/marketplace-resource-api-keys/report_created/',
    { schema: doc(tag, 'Report an API key created on the backend', { body: reportCreatedSchema }) },
    async (request, reply) => {
      const { access } = authOf(request);
      const body = parseBody(reportCreatedSchema, request.body);
      const resource = await prisma.resource.findFirst({
        where: { id: referenceUuid('resource', body.resource), ...providerResourceWhere(access) },
        include: { offering: true },
      });
      if (resource === null) throw missingReference('resource', body.resource);
      allow(canManageOffering(access, resource.offering.customerId));
      const now = services.clock();
      const row = await prisma.resourceApiKey.create({
        data: {
          id: services.newId(),
          resourceId: resource.id,
          clientId: body.client_id,
          fingerprint: fingerprint(body.api_key),
          state: 'OK',
          createdAt: now,
          modified: now,
        },
        include,
      });
      return reply.status(201).send(serialize(row));
    },
  );

  app.post(
    '/api/marketplace-resource-api-keys/:uuid/set_key/',
    { schema: doc(tag, 'Report a rotated key', { body: setKeySchema }) },
    async (request) => {
      const key = await managedKey(request);
      const body = parseBody(setKeySchema, request.body);
      return update(key.id, {
        fingerprint: fingerprint(body.api_key),
        ...(body.client_id === undefined ? {} : { clientId: body.client_id }),
        state: 'OK',
        errorMessage: '',
      });
    },
  );

  app.post(
    '/api/marketplace-resource-api-keys/:uuid/set_erred/',
    { schema: doc(tag, 'Report that the backend failed to handle the key', { body: setErredSchema }) },
    async (request) => {
      const key = await managedKey(request);
      const body = parseBody(setErredSchema, request.body);
      return update(key.id, { state: 'Erred', errorMessage: body.error_message });
    },
  );
  done();
};
