// /api/marketplace-project-service-accounts/ and /api/marketplace-course-accounts/: a project's non-human and course
// logins (docs/protocol.md#service_account-and-course_account). Creating one with a username / user announces it to
// the site agents of the project's offerings; DELETE closes it (state Closed) and withdraws it. Project admins and
// managers and customer owners manage them; whoever sees the project sees them.
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canManageProjectAccounts, canSeeProject } from '../../domain/permissions.js';
import {
  closeAccount,
  createCourseAccount,
  createServiceAccount,
  updateServiceAccount,
} from '../../domain/project-accounts.js';
import { sendAccountList } from '../account-lists.js';
import { sendOne } from '../list-response.js';
import { allow, found, uuidParam } from '../lookup.js';
import { authOf } from '../plugins/auth.js';
import { missingReference, referenceUuid } from '../reference.js';
import { doc } from '../route-doc.js';
import type { RouteDeps } from '../route-deps.js';
import {
  COURSE_ACCOUNT_COLLECTION,
  courseAccountInclude,
  SERVICE_ACCOUNT_COLLECTION,
  serializeCourseAccount,
  serializeServiceAccount,
  serviceAccountInclude,
} from '../serializers/account.js';
import { parseBody } from '../validation.js';
import { projectWhere } from '../visibility.js';

/** Django's username rule (UnicodeUsernameValidator, ASCII here): the agent passes it to sacctmgr as is. */
const usernameSchema = z
  .string()
  .max(150)
  .regex(/^[\w.@+-]+$/, {
    error: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
  });
const emailSchema = z.union([z.email({ error: 'Enter a valid email address.' }), z.literal('')]);
const serviceFields = {
  username: usernameSchema.optional(),
  description: z.string().max(2000).optional(),
  email: emailSchema.optional(),
  preferred_identifier: z.string().max(255).optional(),
};
const createServiceSchema = z.looseObject({ project: z.string().min(1), ...serviceFields });
const updateServiceSchema = z.looseObject(serviceFields);
const createCourseSchema = z.looseObject({
  project: z.string().min(1),
  user: z.string().min(1),
  description: z.string().max(2000).optional(),
  email: emailSchema.optional(),
});

export const projectAccountRoutes: FastifyPluginCallback<RouteDeps> = (app, { services, urls }, done) => {
  const { prisma } = services;
  const serviceBase = `/api/${SERVICE_ACCOUNT_COLLECTION}/`;
  const courseBase = `/api/${COURSE_ACCOUNT_COLLECTION}/`;

  /** The project named in a body: 400 if missing or invisible, 403 if the caller may not manage its accounts. */
  async function managedProject(request: FastifyRequest, reference: string) {
    const { access } = authOf(request);
    const project = await prisma.project.findUnique({ where: { id: referenceUuid('project', reference) } });
    if (project === null || !canSeeProject(access, project)) throw missingReference('project', reference);
    allow(canManageProjectAccounts(access, project));
    return project;
  }

  function visibleWhere(request: FastifyRequest) {
    return { id: uuidParam(request), project: projectWhere(authOf(request).access) };
  }

  async function visibleService(request: FastifyRequest) {
    return found(
      await prisma.projectServiceAccount.findFirst({
        where: visibleWhere(request),
        include: serviceAccountInclude,
      }),
    );
  }

  async function visibleCourse(request: FastifyRequest) {
    return found(
      await prisma.courseAccount.findFirst({ where: visibleWhere(request), include: courseAccountInclude }),
    );
  }

  async function serviceById(id: string) {
    return serializeServiceAccount(
      await prisma.projectServiceAccount.findUniqueOrThrow({ where: { id }, include: serviceAccountInclude }),
      urls,
    );
  }

  // --- service accounts ---
  app.get(
    serviceBase,
    { schema: doc(SERVICE_ACCOUNT_COLLECTION, 'List service accounts of visible projects') },
    async (request, reply) =>
      sendAccountList(
        request,
        reply,
        { prisma, urls },
        'service_account',
        projectWhere(authOf(request).access),
      ),
  );

  app.get(
    `${serviceBase}:uuid/`,
    { schema: doc(SERVICE_ACCOUNT_COLLECTION, 'Retrieve a service account') },
    async (request) => sendOne(request, serializeServiceAccount(await visibleService(request), urls)),
  );

  app.post(
    serviceBase,
    {
      schema: doc(
        SERVICE_ACCOUNT_COLLECTION,
        'Create a service account (with a username: service_account create)',
        {
          body: createServiceSchema,
        },
      ),
    },
    async (request, reply) => {
      const body = parseBody(createServiceSchema, request.body);
      const project = await managedProject(request, body.project);
      const id = await createServiceAccount(services, project, {
        username: body.username,
        description: body.description,
        email: body.email,
        preferredIdentifier: body.preferred_identifier,
      });
      return reply.status(201).send(await serviceById(id));
    },
  );

  const update = async (request: FastifyRequest) => {
    const account = await visibleService(request);
    allow(canManageProjectAccounts(authOf(request).access, account.project));
    const body = parseBody(updateServiceSchema, request.body);
    await updateServiceAccount(services, account.id, {
      username: body.username,
      description: body.description,
      email: body.email,
      preferredIdentifier: body.preferred_identifier,
    });
    return serviceById(account.id);
  };
  for (const method of ['patch', 'put'] as const) {
    app[method](
      `${serviceBase}:uuid/`,
      {
        schema: doc(
          SERVICE_ACCOUNT_COLLECTION,
          'Update a service account (a new username: service_account create)',
          {
            body: updateServiceSchema,
          },
        ),
      },
      update,
    );
  }

  app.delete(
    `${serviceBase}:uuid/`,
    { schema: doc(SERVICE_ACCOUNT_COLLECTION, 'Close a service account (service_account delete)') },
    async (request, reply) => {
      const account = await visibleService(request);
      allow(canManageProjectAccounts(authOf(request).access, account.project));
      await closeAccount(services, 'service_account', account.id);
      return reply.status(204).send();
    },
  );

  // --- course accounts ---
  app.get(
    courseBase,
    { schema: doc(COURSE_ACCOUNT_COLLECTION, 'List course accounts of visible projects') },
    async (request, reply) =>
      sendAccountList(
        request,
        reply,
        { prisma, urls },
        'course_account',
        projectWhere(authOf(request).access),
      ),
  );

  app.get(
    `${courseBase}:uuid/`,
    { schema: doc(COURSE_ACCOUNT_COLLECTION, 'Retrieve a course account') },
    async (request) => sendOne(request, serializeCourseAccount(await visibleCourse(request), urls)),
  );

  app.post(
    courseBase,
    {
      schema: doc(COURSE_ACCOUNT_COLLECTION, "Create a user's course account (course_account create)", {
        body: createCourseSchema,
      }),
    },
    async (request, reply) => {
      const body = parseBody(createCourseSchema, request.body);
      const project = await managedProject(request, body.project);
      const user = await prisma.user.findUnique({ where: { id: referenceUuid('user', body.user) } });
      if (user === null) throw missingReference('user', body.user);
      const id = await createCourseAccount(services, project, {
        userId: user.id,
        description: body.description,
        email: body.email,
      });
      const row = await prisma.courseAccount.findUniqueOrThrow({
        where: { id },
        include: courseAccountInclude,
      });
      return reply.status(201).send(serializeCourseAccount(row, urls));
    },
  );

  app.delete(
    `${courseBase}:uuid/`,
    { schema: doc(COURSE_ACCOUNT_COLLECTION, 'Close a course account (course_account delete)') },
    async (request, reply) => {
      const account = await visibleCourse(request);
      allow(canManageProjectAccounts(authOf(request).access, account.project));
      await closeAccount(services, 'course_account', account.id);
      return reply.status(204).send();
    },
  );
  done();
};
