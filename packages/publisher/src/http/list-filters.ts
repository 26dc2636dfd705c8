// Query-string filters of the list routes, declared once: a filter reads one parameter (checked like
// django-filter: a bad UUID or date is a 400) and turns it into a Prisma `where` fragment; an absent parameter
// adds nothing. Routes combine the caller's visibility with the fragments of the filters they support.
import { queryAll, queryDateTime, queryOne, queryUuid, type RawQuery } from './query.js';

/** Reads its parameter (`key`) from the query; undefined when absent. */
export type ListFilter<W> = (query: RawQuery, key: string) => W | undefined;

/** A UUID parameter (`offering_uuid=…`). */
export const byUuid =
  <W>(where: (id: string) => W): ListFilter<W> =>
  (query, key) => {
    const id = queryUuid(query, key);
    return id === undefined ? undefined : where(id);
  };

/** A plain text parameter (`backend_id=…`, `slug=…`). */
export const byText =
  <W>(where: (value: string) => W): ListFilter<W> =>
  (query, key) => {
    const value = queryOne(query, key);
    return value === undefined ? undefined : where(value);
  };

/** A repeatable parameter (`state=a&state=b`): any of the values. */
export const byAnyOf =
  <W>(where: (values: string[]) => W): ListFilter<W> =>
  (query, key) => {
    const values = queryAll(query, key);
    return values.length === 0 ? undefined : where(values);
  };

/** A date-time parameter (`modified_before=…`). */
export const byDateTime =
  <W>(where: (value: Date) => W): ListFilter<W> =>
  (query, key) => {
    const value = queryDateTime(query, key);
    return value === undefined ? undefined : where(value);
  };

/** `name`: contains, case-insensitive (django-filter's `icontains`). */
export const nameContains = byText((name) => ({ name: { contains: name, mode: 'insensitive' as const } }));
/** `name_exact`. */
export const nameExact = byText((name) => ({ name }));
/** `modified_before`. */
export const modifiedBefore = byDateTime((before) => ({ modified: { lt: before } }));
/** `state` (repeatable). */
export const stateIn = byAnyOf((states) => ({ state: { in: states } }));
/** `offering_uuid`, one offering. */
export const offeringUuid = byUuid((offeringId) => ({ offeringId }));
/** `project_uuid`. */
export const projectUuid = byUuid((projectId) => ({ projectId }));
/** `backend_id`. */
export const backendId = byText((id) => ({ backendId: id }));

/** Filters of a resource list (marketplace-resources and marketplace-provider-resources). */
export const RESOURCE_FILTERS = {
  project_uuid: projectUuid,
  customer_uuid: byUuid((customerId) => ({ project: { customerId } })),
  state: stateIn,
  backend_id: backendId,
  name: nameContains,
} as const;

/** Filters of a project list (projects and a service provider's projects). */
export const PROJECT_FILTERS = {
  name: nameContains,
  name_exact: nameExact,
  slug: byText((slug) => ({ slug })),
} as const;

/**
 * `{ AND: [visible, …fragments] }`: the caller's visibility and one fragment per filter whose parameter is in the
 * query, in the order the filters are given.
 */
export function listWhere<W>(
  query: RawQuery,
  visible: W,
  filters: Readonly<Record<string, ListFilter<W>>>,
): { AND: W[] } {
  const and = [visible];
  for (const [key, filter] of Object.entries(filters)) {
    const fragment = filter(query, key);
    if (fragment !== undefined) and.push(fragment);
  }
  return { AND: and };
}
