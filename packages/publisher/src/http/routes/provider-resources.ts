// Provider resources: what the agent reads (list/retrieve/team) and reports back (set_backend_id, set_limits,
// metadata, endpoints, state), plus the flag changes a Waldur user makes (paused/downscaled/restrict access) and
// the resource-scoped role sync, which emit `resource` / `user_role` events in the same transaction.
import { randomUUID } from 'node:crypto';
import {
  setBackendIdRequestSchema,
  setLimitsRequestSchema,
  setStateErredRequestSchema,
} from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canManageOffering } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { ConflictError } from '../errors.js';
import { requestedFields, selectFields } from '../field-selection.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { listWhere, modifiedBefore, offeringUuid, RESOURCE_FILTERS } from '../list-filters.js';
import { authOf } from '../plugins/auth.js';
import { type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { jsonObject } from '../serializers/format.js';
import {
  resourceInclude,
  serializeResource,
  serializeTeamMember,
  type ResourceWithRelations,
} from '../serializers/resource.js';
import { parseBody } from '../validation.js';
import { providerResourceWhere } from '../visibility.js';

const setBackendMetadataSchema = z.looseObject({ backend_metadata: z.record(z.string(), z.unknown()) });
const setEndpointsSchema = z.looseObject({
  endpoints: z.array(z.looseObject({ name: z.string().min(1), url: z.string().min(1) })),
});

/** Waldur throttles manual resource role sync to one request per 30 s (429 otherwise). */
export const ROLE_SYNC_THROTTLE_MS = 30_000;

export const providerResourceRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'marketplace-provider-resources';
  const lastRoleSync = new Map<string, number>();

  async function visibleResource(request: FastifyRequest): Promise<ResourceWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.resource.findFirst({
        where: { id: uuidParam(request), ...providerResourceWhere(access) },
        include: resourceInclude,
      }),
    );
  }

  /** A provider action on a visible resource: 404 if invisible, 403 without provider rights. */
  async function managedResource(request: FastifyRequest): Promise<ResourceWithRelations> {
    const resource = await visibleResource(request);
    allow(canManageOffering(authOf(request).access, resource.offering.customerId));
    return resource;
  }

  /** Simple field update; no event (the agent reporting back). */
  function updateAction<S extends z.ZodType>(
    action: string,
    summary: string,
    schema: S | null,
    data: (body: z.output<S>, resource: ResourceWithRelations, now: Date) => Prisma.ResourceUpdateInput,
    status: string,
  ): void {
    app.post(
      `/api/marketplace-provider-resources/:uuid/${action}/`,
      { schema: doc(tag, summary, schema === null ? {} : { body: schema }) },
      async (request) => {
        const resource = await managedResource(request);
        const body = (schema === null ? {} : parseBody(schema, request.body)) as z.output<S>;
        const now = services.clock();
        await prisma.resource.update({
          where: { id: resource.id },
          data: { ...data(body, resource, now), modified: now },
        });
        return { status };
      },
    );
  }

  /** A flag a Waldur user flips; a change emits a `resource` event in the same transaction. */
  function flagAction(
    action: string,
    key: 'paused' | 'downscaled' | 'restrict_member_access',
    column: 'paused' | 'downscaled' | 'restrictMemberAccess',
  ): void {
    const schema = z.looseObject({ [key]: z.boolean() });
    app.post(
      `/api/marketplace-provider-resources/:uuid/${action}/`,
      { schema: doc(tag, `Set ${key} (emits a resource event when it changes)`, { body: schema }) },
      async (request) => {
        const resource = await managedResource(request);
        const value = (parseBody(schema, request.body) as Record<string, unknown>)[key] === true;
        if (resource[column] !== value) {
          await prisma.$transaction(async (tx) => {
            await tx.resource.update({
              where: { id: resource.id },
              data: { [column]: value, modified: services.clock() },
            });
            await services.events.resourceFlagsChanged(tx, resource.id);
          });
        }
        return { status: `Resource ${key} has been set to ${value}.` };
      },
    );
  }

  app.get(
    '/api/marketplace-provider-resources/',
    { schema: doc(tag, "List resources of the caller's offerings") },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where = listWhere<Prisma.ResourceWhereInput>(query, providerResourceWhere(access), {
        offering_uuid: offeringUuid,
        ...RESOURCE_FILTERS,
        modified_before: modifiedBefore,
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

  app.get(
    '/api/marketplace-provider-resources/:uuid/',
    { schema: doc(tag, 'Retrieve a resource') },
    async (request) => sendOne(request, serializeResource(await visibleResource(request), urls)),
  );

  // Waldur's `team` action answers the whole list (no pagination): the agent may read it with a single call.
  app.get(
    '/api/marketplace-provider-resources/:uuid/team/',
    { schema: doc(tag, 'Project members of the resource with their offering usernames (not paginated)') },
    async (request) => {
      const resource = await visibleResource(request);
      const [permissions, offeringUsers] = await Promise.all([
        prisma.projectPermission.findMany({
          where: { projectId: resource.projectId, isActive: true },
          include: { user: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
        prisma.offeringUser.findMany({ where: { offeringId: resource.offeringId } }),
      ]);
      const accounts = new Map(offeringUsers.map((ou) => [ou.userId, ou]));
      const fields = requestedFields(request.query as RawQuery);
      return permissions.map((p) =>
        selectFields(
          serializeTeamMember(
            {
              user: p.user,
              role: p.role,
              offeringUsername: accounts.get(p.userId)?.username ?? null,
              offeringUserState: accounts.get(p.userId)?.state ?? null,
            },
            urls,
          ),
          fields,
        ),
      );
    },
  );

  updateAction(
    'set_backend_id',
    'Set backend_id',
    setBackendIdRequestSchema,
    (b) => ({ backendId: b.backend_id }),
    'Resource backend_id has been changed.',
  );
  updateAction(
    'set_limits',
    'Set limits (Waldur units)',
    setLimitsRequestSchema,
    (b) => ({ limits: b.limits }),
    'Resource limits have been changed.',
  );
  updateAction(
    'set_backend_metadata',
    'Set backend metadata',
    setBackendMetadataSchema,
    (b) => ({ backendMetadata: b.backend_metadata as Prisma.InputJsonObject }),
    'Resource backend metadata has been changed.',
  );
  updateAction(
    'set_endpoints',
    'Replace the resource endpoints',
    setEndpointsSchema,
    (b) => ({
      endpoints: b.endpoints.map((e) => ({
        uuid: randomUUID().replaceAll('-', ''),
        name: e.name,
        url: e.url,
      })),
    }),
    'Resource endpoints have been changed.',
  );
  updateAction(
    'refresh_last_sync',
    'Record a successful sync now',
    null,
    (_b, _r, now) => ({ lastSync: now }),
    'Resource last sync has been refreshed.',
  );
  updateAction(
    'set_as_ok',
    'Set resource state OK',
    null,
    () => ({ state: 'OK', errorMessage: '', errorTraceback: '' }),
    'Resource state has been changed to OK.',
  );
  updateAction(
    'set_as_erred',
    'Set resource state Erred',
    setStateErredRequestSchema,
    (b) => ({ state: 'Erred', errorMessage: b.error_message ?? '', errorTraceback: b.error_traceback ?? '' }),
    'Resource state has been changed to erred.',
  );

  flagAction('set_paused', 'paused', 'paused');
  flagAction('set_downscaled', 'downscaled', 'downscaled');
  flagAction('set_restrict_member_access', 'restrict_member_access', 'restrictMemberAccess');

  app.post(
    '/api/marketplace-provider-resources/:uuid/sync_user_roles/',
    { schema: doc(tag, 'Ask the agent to resync the resource team (user_role event)') },
    async (request, reply) => {
      const resource = await managedResource(request);
      if (jsonObject(resource.offering.pluginOptions).enable_membership_sync_status !== true) {
        throw new ConflictError('Membership sync status is not enabled for this offering.');
      }
      const now = services.clock().getTime();
      const last = lastRoleSync.get(resource.id);
      if (last !== undefined && now - last < ROLE_SYNC_THROTTLE_MS) {
        const wait = Math.ceil((ROLE_SYNC_THROTTLE_MS - (now - last)) / 1000);
        return reply
          .status(429)
          .header('Retry-After', String(wait))
          .send({ detail: `Request was throttled. Expected available in ${wait} seconds.` });
      }
      await prisma.$transaction((tx) => services.events.resourceRoleSyncRequested(tx, resource.id));
      lastRoleSync.set(resource.id, now);
      return { detail: 'Role synchronization has been requested.' };
    },
  );
  done();
};
