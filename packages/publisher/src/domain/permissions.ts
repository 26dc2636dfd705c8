// Who may see and do what (Waldur's permission model, reduced to the roles the emulator stores).
// Pure functions over an AccessContext built once per request, so rules are unit-testable without a database.

export const CUSTOMER_ROLES = ['CUSTOMER.OWNER', 'CUSTOMER.MANAGER', 'CUSTOMER.SUPPORT'] as const;
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export const PROJECT_ROLES = ['PROJECT.ADMIN', 'PROJECT.MANAGER', 'PROJECT.MEMBER'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** The caller and its active roles. */
export interface AccessContext {
  readonly userId: string;
  readonly isStaff: boolean;
  readonly isSupport: boolean;
  readonly customerRoles: ReadonlyMap<string, ReadonlySet<string>>;
  readonly projectRoles: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ProjectRef {
  readonly id: string;
  readonly customerId: string;
}

const PROVIDER_ROLES: readonly string[] = ['CUSTOMER.OWNER', 'CUSTOMER.MANAGER'];
const ORDERING_PROJECT_ROLES: readonly string[] = ['PROJECT.ADMIN', 'PROJECT.MANAGER'];

function hasAny(roles: ReadonlySet<string> | undefined, wanted: readonly string[]): boolean {
  if (roles === undefined) return false;
  return wanted.some((r) => roles.has(r));
}

/** Staff or support see everything read-only. */
export function isGlobalReader(ctx: AccessContext): boolean {
  return ctx.isStaff || ctx.isSupport;
}

/** Customer ids where the caller holds one of `roles` (all roles when omitted). */
export function customersWithRole(ctx: AccessContext, roles?: readonly string[]): string[] {
  const out: string[] = [];
  for (const [customerId, held] of ctx.customerRoles) {
    if (roles === undefined ? held.size > 0 : hasAny(held, roles)) out.push(customerId);
  }
  return out;
}

/** Project ids where the caller holds one of `roles` (all roles when omitted). */
export function projectsWithRole(ctx: AccessContext, roles?: readonly string[]): string[] {
  const out: string[] = [];
  for (const [projectId, held] of ctx.projectRoles) {
    if (roles === undefined ? held.size > 0 : hasAny(held, roles)) out.push(projectId);
  }
  return out;
}

/** Provider-side actions (approve, set_state_*, set_backend_id…): staff or owner/manager of the offering's customer. */
export function canManageOffering(ctx: AccessContext, offeringCustomerId: string): boolean {
  return ctx.isStaff || hasAny(ctx.customerRoles.get(offeringCustomerId), PROVIDER_ROLES);
}

/** Reading an offering and what hangs off it: staff/support or any role in the offering's customer. */
export function canSeeOffering(ctx: AccessContext, offeringCustomerId: string): boolean {
  return isGlobalReader(ctx) || (ctx.customerRoles.get(offeringCustomerId)?.size ?? 0) > 0;
}

/** Reading a project: staff/support, any project role, or any role in its customer. */
export function canSeeProject(ctx: AccessContext, project: ProjectRef): boolean {
  return (
    isGlobalReader(ctx) ||
    (ctx.projectRoles.get(project.id)?.size ?? 0) > 0 ||
    (ctx.customerRoles.get(project.customerId)?.size ?? 0) > 0
  );
}

/** Consumer actions (create/approve/cancel an order): staff, customer owner, or project admin/manager. */
export function canOrderInProject(ctx: AccessContext, project: ProjectRef): boolean {
  return (
    ctx.isStaff ||
    hasAny(ctx.customerRoles.get(project.customerId), ['CUSTOMER.OWNER']) ||
    hasAny(ctx.projectRoles.get(project.id), ORDERING_PROJECT_ROLES)
  );
}

/** Granting/revoking project roles: staff, customer owner, or project manager. */
export function canManageProjectRoles(ctx: AccessContext, project: ProjectRef): boolean {
  return (
    ctx.isStaff ||
    hasAny(ctx.customerRoles.get(project.customerId), ['CUSTOMER.OWNER']) ||
    hasAny(ctx.projectRoles.get(project.id), ['PROJECT.MANAGER'])
  );
}

/** Orders and resources are visible to their provider side and their consumer side. */
export function canSeeConsumable(
  ctx: AccessContext,
  item: { readonly offeringCustomerId: string; readonly project: ProjectRef },
): boolean {
  return canSeeOffering(ctx, item.offeringCustomerId) || canSeeProject(ctx, item.project);
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (PROJECT_ROLES as readonly string[]).includes(value);
}

/** Creating and closing a project's service and course accounts: staff, customer owner, project admin/manager. */
export function canManageProjectAccounts(ctx: AccessContext, project: ProjectRef): boolean {
  return canOrderInProject(ctx, project);
}
