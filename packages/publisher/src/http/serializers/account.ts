// Service and course accounts as Waldur serialises them (contract models ProjectServiceAccount and CourseAccount):
// `project` is the project's UUID, not a hyperlink; an empty email is left out (the field is an email or absent).
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate, isoDateTime } from './format.js';
import type { Urls } from './urls.js';

export const SERVICE_ACCOUNT_COLLECTION = 'marketplace-project-service-accounts';
export const COURSE_ACCOUNT_COLLECTION = 'marketplace-course-accounts';

const projectWithCustomer = { include: { customer: true } } as const;

export const serviceAccountInclude = {
  project: projectWithCustomer,
} satisfies Prisma.ProjectServiceAccountInclude;
export type ServiceAccountRow = Prisma.ProjectServiceAccountGetPayload<{
  include: typeof serviceAccountInclude;
}>;

export const courseAccountInclude = {
  project: projectWithCustomer,
  user: true,
} satisfies Prisma.CourseAccountInclude;
export type CourseAccountRow = Prisma.CourseAccountGetPayload<{ include: typeof courseAccountInclude }>;

function email(value: string): { email?: string } {
  return value === '' ? {} : { email: value };
}

export function serializeServiceAccount(row: ServiceAccountRow, urls: Urls) {
  return {
    url: `${urls.base}/api/${SERVICE_ACCOUNT_COLLECTION}/${row.id}/`,
    uuid: row.id,
    created: isoDateTime(row.createdAt),
    modified: isoDateTime(row.modified),
    error_message: row.errorMessage,
    error_traceback: row.errorTraceback,
    state: row.state,
    token: null,
    expires_at: null,
    project: row.projectId,
    project_uuid: row.projectId,
    project_name: row.project.name,
    customer_uuid: row.project.customerId,
    customer_name: row.project.customer.name,
    customer_abbreviation: row.project.customer.abbreviation ?? '',
    ...(row.username === null ? {} : { username: row.username }),
    description: row.description,
    ...email(row.email),
    preferred_identifier: row.preferredIdentifier,
  };
}

export function serializeCourseAccount(row: CourseAccountRow, urls: Urls) {
  return {
    url: `${urls.base}/api/${COURSE_ACCOUNT_COLLECTION}/${row.id}/`,
    uuid: row.id,
    created: isoDateTime(row.createdAt),
    modified: isoDateTime(row.modified),
    project: row.projectId,
    project_uuid: row.projectId,
    project_name: row.project.name,
    project_slug: row.project.slug,
    project_start_date: row.project.startDate === null ? null : isoDate(row.project.startDate),
    project_end_date: null,
    user_uuid: row.userId,
    username: row.user.username,
    customer_uuid: row.project.customerId,
    customer_name: row.project.customer.name,
    state: row.state,
    error_message: row.errorMessage,
    error_traceback: row.errorTraceback,
    ...email(row.email),
    description: row.description,
  };
}
