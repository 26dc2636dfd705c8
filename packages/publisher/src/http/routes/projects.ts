// Projects: the list the agent reads (importable resources look projects up by slug) and what a Waldur user does
// to cause `user_role` events: grant/revoke a project role and ask for a project-wide role resync (staff).
import { toHex } from '@waldur-sim/protocol';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ensureOfferingUsers } from '../../domain/offering-user-provisioning.js';
import { PROJECT_ROLES, canManageProjectRoles } from '../../domain/permissions.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { FieldValidationError } from '../errors.js';
import { sendList, sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { listWhere, PROJECT_FILTERS } from '../list-filters.js';
import { authOf } from '../plugins/auth.js';
import { queryUuid, type RawQuery } from '../query.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import { projectInclude, serializeProject, type ProjectWithRelations } from '../serializers/project.js';
import { uuidFromReference } from '../serializers/urls.js';
import { parseBody } from '../validation.js';
import { projectWhere } from '../visibility.js';

const roleSchema = z.enum(PROJECT_ROLES);
const addUserSchema = z.looseObject({
  role: roleSchema,
  user: z.string().min(1),
  expiration_time: z.iso.datetime({ offset: true }).nullable().optional(),
});
const deleteUserSchema = z.looseObject({ role: roleSchema, user: z.string().min(1) });

export const projectRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const tag = 'projects';

  async function visibleProject(request: FastifyRequest): Promise<ProjectWithRelations> {
    const { access } = authOf(request);
    return found(
      await prisma.project.findFirst({
        where: { id: uuidParam(request), ...projectWhere(access) },
        include: projectInclude,
      }),
    );
  }

  async function targetUser(value: string) {
    let id: string;
    try {
      id = toHex(uuidFromReference(value));
    } catch (cause) {
      throw new FieldValidationError({ user: ['Must be a valid UUID.'] }, { cause });
    }
    const user = await prisma.user.findUnique({ where: { id } });
    if (user === null)
      throw FieldValidationError.field('user', `Invalid pk "${value}" - object does not exist.`);
    return user;
  }

  app.get(
    '/api/projects/',
    { schema: doc(tag, 'List projects visible to the caller') },
    async (request, reply) => {
      const { access } = authOf(request);
      const query = request.query as RawQuery;
      const where = listWhere<Prisma.ProjectWhereInput>(query, projectWhere(access), {
        // `customer`, or `customer_uuid` when it is absent.
        customer: (q) => {
          const customerId = queryUuid(q, 'customer') ?? queryUuid(q, 'customer_uuid');
          return customerId === undefined ? undefined : { customerId };
        },
        ...PROJECT_FILTERS,
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

  app.get('/api/projects/:uuid/', { schema: doc(tag, 'Retrieve a project') }, async (request) =>
    sendOne(request, serializeProject(await visibleProject(request), urls)),
  );

  app.post(
    '/api/projects/:uuid/add_user/',
    { schema: doc(tag, 'Grant a project role (emits user_role granted)', { body: addUserSchema }) },
    async (request, reply) => {
      const project = await visibleProject(request);
      allow(canManageProjectRoles(authOf(request).access, project));
      const body = parseBody(addUserSchema, request.body);
      const user = await targetUser(body.user);
      await prisma.$transaction(async (tx) => {
        const existing = await tx.projectPermission.findFirst({
          where: { projectId: project.id, userId: user.id, role: body.role, isActive: true },
        });
        if (existing !== null) throw new FieldValidationError(['User already has role within this scope.']);
        await tx.projectPermission.create({
          data: {
            id: services.newId(),
            projectId: project.id,
            userId: user.id,
            role: body.role,
            createdAt: services.clock(),
          },
        });
        // The offering user first, so an agent handling the role event finds its username.
        await ensureOfferingUsers(tx, services, { projectId: project.id, userId: user.id });
        await services.events.roleChanged(tx, {
          userId: user.id,
          projectId: project.id,
          roleName: body.role,
          granted: true,
        });
      });
      return reply.status(201).send({ expiration_time: body.expiration_time ?? null });
    },
  );

  app.post(
    '/api/projects/:uuid/delete_user/',
    { schema: doc(tag, 'Revoke a project role (emits user_role revoked)', { body: deleteUserSchema }) },
    async (request) => {
      const project = await visibleProject(request);
      allow(canManageProjectRoles(authOf(request).access, project));
      const body = parseBody(deleteUserSchema, request.body);
      const user = await targetUser(body.user);
      await prisma.$transaction(async (tx) => {
        const revoked = await tx.projectPermission.updateMany({
          where: { projectId: project.id, userId: user.id, role: body.role, isActive: true },
          data: { isActive: false },
        });
        if (revoked.count === 0)
          throw new FieldValidationError(['User does not have role within this scope.']);
        await services.events.roleChanged(tx, {
          userId: user.id,
          projectId: project.id,
          roleName: body.role,
          granted: false,
        });
      });
      return { detail: 'Role has been revoked.' };
    },
  );

  app.post(
    '/api/projects/:uuid/sync_user_roles/',
    { schema: doc(tag, 'Ask site agents to resync the project team (staff only)') },
    async (request) => {
      const project = await visibleProject(request);
      allow(authOf(request).access.isStaff);
      await prisma.$transaction((tx) => services.events.projectRoleSyncRequested(tx, project.id));
      return { detail: 'Role synchronization has been requested.' };
    },
  );
  done();
};
