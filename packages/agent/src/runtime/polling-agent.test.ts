import { describe, expect, it } from 'vitest';
import { testOffering } from '../testing/test-context.js';
import { pollsOffering } from './polling-agent.js';

describe('pollsOffering (docs/agent.md#modes-and-periods)', () => {
  it('order_process skips STOMP offerings and offerings without an order backend', () => {
    expect(pollsOffering('order_process', testOffering({ stomp_enabled: false })).polled).toBe(true);
    expect(pollsOffering('order_process', testOffering({ stomp_enabled: true }))).toEqual({
      polled: false,
      reason: 'it uses event-based processing (stomp_enabled)',
    });
    expect(
      pollsOffering('order_process', testOffering({ stomp_enabled: false, order_processing_backend: '' }))
        .polled,
    ).toBe(false);
  });

  it('membership_sync follows stomp_membership_sync_enabled, null inheriting stomp_enabled', () => {
    expect(pollsOffering('membership_sync', testOffering({ stomp_enabled: true })).polled).toBe(false);
    expect(
      pollsOffering(
        'membership_sync',
        testOffering({ stomp_enabled: true, stomp_membership_sync_enabled: false }),
      ).polled,
    ).toBe(true);
    expect(pollsOffering('membership_sync', testOffering({ stomp_enabled: false })).polled).toBe(true);
    expect(
      pollsOffering('membership_sync', testOffering({ stomp_enabled: false, membership_sync_backend: null }))
        .polled,
    ).toBe(false);
  });
});
