import { describe, expect, it } from 'vitest';
import {
  canManageOffering,
  canManageProjectRoles,
  canOrderInProject,
  canSeeConsumable,
  canSeeOffering,
  canSeeProject,
  customersWithRole,
  type AccessContext,
} from './permissions.js';

function ctx(
  partial: Partial<AccessContext> & {
    customers?: Record<string, string[]>;
    projects?: Record<string, string[]>;
  },
): AccessContext {
  return {
    userId: 'u',
    isStaff: partial.isStaff ?? false,
    isSupport: partial.isSupport ?? false,
    customerRoles: new Map(Object.entries(partial.customers ?? {}).map(([k, v]) => [k, new Set(v)])),
    projectRoles: new Map(Object.entries(partial.projects ?? {}).map(([k, v]) => [k, new Set(v)])),
  };
}

const project = { id: 'p1', customerId: 'c-consumer' };

describe('permissions', () => {
  it('staff can do everything', () => {
    const staff = ctx({ isStaff: true });
    expect(canManageOffering(staff, 'any')).toBe(true);
    expect(canOrderInProject(staff, project)).toBe(true);
    expect(canManageProjectRoles(staff, project)).toBe(true);
  });

  it('provider actions need owner or manager of the offering customer; support only reads', () => {
    expect(canManageOffering(ctx({ customers: { prov: ['CUSTOMER.OWNER'] } }), 'prov')).toBe(true);
    expect(canManageOffering(ctx({ customers: { prov: ['CUSTOMER.MANAGER'] } }), 'prov')).toBe(true);
    const support = ctx({ customers: { prov: ['CUSTOMER.SUPPORT'] } });
    expect(canManageOffering(support, 'prov')).toBe(false);
    expect(canSeeOffering(support, 'prov')).toBe(true);
    expect(canSeeOffering(ctx({ customers: { other: ['CUSTOMER.OWNER'] } }), 'prov')).toBe(false);
  });

  it('global support reads everything but manages nothing', () => {
    const support = ctx({ isSupport: true });
    expect(canSeeOffering(support, 'prov')).toBe(true);
    expect(canManageOffering(support, 'prov')).toBe(false);
  });

  it('consumer actions need project admin/manager or customer owner; members only read', () => {
    expect(canOrderInProject(ctx({ projects: { p1: ['PROJECT.ADMIN'] } }), project)).toBe(true);
    expect(canOrderInProject(ctx({ customers: { 'c-consumer': ['CUSTOMER.OWNER'] } }), project)).toBe(true);
    const member = ctx({ projects: { p1: ['PROJECT.MEMBER'] } });
    expect(canOrderInProject(member, project)).toBe(false);
    expect(canSeeProject(member, project)).toBe(true);
    expect(canManageProjectRoles(member, project)).toBe(false);
    expect(canManageProjectRoles(ctx({ projects: { p1: ['PROJECT.MANAGER'] } }), project)).toBe(true);
  });

  it('orders/resources are visible to either side and to nobody else', () => {
    const item = { offeringCustomerId: 'prov', project };
    expect(canSeeConsumable(ctx({ customers: { prov: ['CUSTOMER.OWNER'] } }), item)).toBe(true);
    expect(canSeeConsumable(ctx({ projects: { p1: ['PROJECT.MEMBER'] } }), item)).toBe(true);
    expect(canSeeConsumable(ctx({ projects: { p2: ['PROJECT.ADMIN'] } }), item)).toBe(false);
  });

  it('customersWithRole filters by role', () => {
    const c = ctx({ customers: { a: ['CUSTOMER.OWNER'], b: ['CUSTOMER.SUPPORT'] } });
    expect(customersWithRole(c, ['CUSTOMER.OWNER', 'CUSTOMER.MANAGER'])).toEqual(['a']);
    expect(customersWithRole(c).sort()).toEqual(['a', 'b']);
  });
});
