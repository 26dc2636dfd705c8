// Which work an offering's config switches on: the object types to subscribe to (docs/protocol.md#object-types, order
// asserted by the real agent's TestDetermineObjectTypes) and which polling modes skip it (docs/agent.md#modes-and-periods).
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { OfferingConfig } from './config-schema.js';

/** null inherits stomp_enabled (real `stomp_membership_sync_enabled` semantics). */
export function membershipViaStomp(o: OfferingConfig): boolean {
  return o.stomp_membership_sync_enabled ?? o.stomp_enabled;
}

function hasBackend(name: string | null): boolean {
  return name !== null && name !== '';
}

export function periodicLimitsEnabled(o: OfferingConfig): boolean {
  const periodic = o.backend_settings.periodic_limits;
  return (
    typeof periodic === 'object' &&
    periodic !== null &&
    (periodic as Record<string, unknown>).enabled === true
  );
}

/** Object types to subscribe to, in the real agent's order. */
export function observableObjectTypes(o: OfferingConfig): ObservableObjectType[] {
  const types: ObservableObjectType[] = [];
  if (hasBackend(o.order_processing_backend)) types.push('order', 'resource_api_key_rotation');
  if (hasBackend(o.membership_sync_backend) && o.stomp_membership_sync_enabled !== false) {
    types.push(
      'user_role',
      'resource',
      'service_account',
      'course_account',
      'offering_user',
      'offering_resources_sync',
    );
  }
  if (o.resource_import_enabled) types.push('importable_resources');
  if (periodicLimitsEnabled(o)) types.push('resource_periodic_limits');
  return types;
}

export function orderProcessingEnabled(o: OfferingConfig): boolean {
  return hasBackend(o.order_processing_backend);
}

export function membershipSyncEnabled(o: OfferingConfig): boolean {
  return hasBackend(o.membership_sync_backend);
}
