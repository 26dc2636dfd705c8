// Projects (py-client Project) as listed by /api/projects/.
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate, isoDateTime } from './format.js';
import type { Urls } from './urls.js';

export const projectInclude = {
  customer: true,
  _count: { select: { resources: { where: { state: { not: 'Terminated' } } } } },
} satisfies Prisma.ProjectInclude;
export type ProjectWithRelations = Prisma.ProjectGetPayload<{ include: typeof projectInclude }>;

export function serializeProject(project: ProjectWithRelations, urls: Urls) {
  return {
    url: urls.project(project.id),
    uuid: project.id,
    name: project.name,
    slug: project.slug,
    customer: urls.customer(project.customerId),
    customer_uuid: project.customerId,
    customer_name: project.customer.name,
    customer_slug: project.customer.slug,
    customer_native_name: '',
    customer_abbreviation: project.customer.abbreviation ?? '',
    description: '',
    customer_display_billing_info_in_projects: false,
    created: isoDateTime(project.createdAt),
    type: null,
    type_name: null,
    type_uuid: null,
    backend_id: '',
    start_date: project.startDate === null ? null : isoDate(project.startDate),
    end_date: null,
    end_date_requested_by: null,
    oecd_fos_2007_code: null,
    is_industry: false,
    image: null,
    resources_count: project._count.resources,
    max_service_accounts: project.maxServiceAccounts,
    is_removed: false,
  };
}
