// The service- and course-account lists (docs/protocol.md#service_account-and-course_account): one pipeline for
// their own collections and for the provider offering's list_project_service_accounts / list_course_accounts,
// which differ only in the projects they cover. Filters, ordering and pagination are the same everywhere.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { byText, byUuid, listWhere, projectUuid, stateIn, type ListFilter } from './list-filters.js';
import { sendList } from './list-response.js';
import type { RawQuery } from './query.js';
import {
  courseAccountInclude,
  serializeCourseAccount,
  serializeServiceAccount,
  serviceAccountInclude,
} from './serializers/account.js';
import type { Urls } from './serializers/urls.js';

type ServiceWhere = Prisma.ProjectServiceAccountWhereInput;
type CourseWhere = Prisma.CourseAccountWhereInput;

export type AccountKind = 'service_account' | 'course_account';

const common = {
  project_uuid: projectUuid,
  project: projectUuid,
  customer_uuid: byUuid((customerId) => ({ project: { customerId } })),
  email: byText((email) => ({ email })),
  state: stateIn,
};

export const SERVICE_ACCOUNT_FILTERS: Readonly<Record<string, ListFilter<ServiceWhere>>> = {
  ...common,
  username: byText((username) => ({ username })),
};

export const COURSE_ACCOUNT_FILTERS: Readonly<Record<string, ListFilter<CourseWhere>>> = {
  ...common,
  user_uuid: byUuid((userId) => ({ userId })),
  username: byText((username) => ({ user: { username } })),
};

const orderBy = [{ createdAt: 'desc' as const }, { id: 'asc' as const }];

/** The accounts of one kind in the given projects, filtered by the query, as a paginated list. */
export async function sendAccountList(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { readonly prisma: PrismaClient; readonly urls: Urls },
  kind: AccountKind,
  project: Prisma.ProjectWhereInput,
): Promise<Record<string, unknown>[]> {
  const { prisma, urls } = deps;
  const query = request.query as RawQuery;
  if (kind === 'service_account') {
    const where = listWhere<ServiceWhere>(query, { project }, SERVICE_ACCOUNT_FILTERS);
    return sendList(request, reply, urls.base, {
      count: () => prisma.projectServiceAccount.count({ where }),
      fetch: (page) =>
        prisma.projectServiceAccount.findMany({ where, include: serviceAccountInclude, orderBy, ...page }),
      serialize: (row) => serializeServiceAccount(row, urls),
    });
  }
  const where = listWhere<CourseWhere>(query, { project }, COURSE_ACCOUNT_FILTERS);
  return sendList(request, reply, urls.base, {
    count: () => prisma.courseAccount.count({ where }),
    fetch: (page) =>
      prisma.courseAccount.findMany({ where, include: courseAccountInclude, orderBy, ...page }),
    serialize: (row) => serializeCourseAccount(row, urls),
  });
}
