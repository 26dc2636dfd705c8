import { describe, expect, it } from 'vitest';
import { testOffering } from '../testing/test-context.js';
import { membershipViaStomp, observableObjectTypes } from './offering-features.js';

describe('observableObjectTypes (docs/protocol.md#object-types)', () => {
  it('lists every type in the real agent order when all features are enabled', () => {
    const o = testOffering({
      resource_import_enabled: true,
      backend_settings: { periodic_limits: { enabled: true } },
    });
    expect(observableObjectTypes(o)).toEqual([
      'order',
      'resource_api_key_rotation',
      'user_role',
      'resource',
      'service_account',
      'course_account',
      'offering_user',
      'offering_resources_sync',
      'importable_resources',
      'resource_periodic_limits',
    ]);
  });

  it('drops membership types when stomp_membership_sync_enabled is false', () => {
    expect(observableObjectTypes(testOffering({ stomp_membership_sync_enabled: false }))).toEqual([
      'order',
      'resource_api_key_rotation',
    ]);
  });

  it('has no order types without an order backend', () => {
    expect(
      observableObjectTypes(testOffering({ order_processing_backend: '', membership_sync_backend: '' })),
    ).toEqual([]);
  });
});

describe('membershipViaStomp', () => {
  it('inherits stomp_enabled when null', () => {
    expect(membershipViaStomp(testOffering({ stomp_enabled: true }))).toBe(true);
    expect(membershipViaStomp(testOffering({ stomp_enabled: false }))).toBe(false);
    expect(
      membershipViaStomp(testOffering({ stomp_enabled: true, stomp_membership_sync_enabled: false })),
    ).toBe(false);
  });
});
