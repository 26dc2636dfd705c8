// The object types a legacy event subscription can observe, in Waldur's enum order (waldur_core/logging/enums.py).
import { z } from 'zod';

export const OBSERVABLE_OBJECT_TYPES = [
  'order',
  'user_role',
  'resource',
  'offering_user',
  'importable_resources',
  'service_account',
  'course_account',
  'resource_periodic_limits',
  'offering_resources_sync',
  'resource_api_key_rotation',
  'resource_end_date_change_request',
] as const;

export const observableObjectTypeSchema = z.enum(OBSERVABLE_OBJECT_TYPES);
export type ObservableObjectType = (typeof OBSERVABLE_OBJECT_TYPES)[number];

export function isObservableObjectType(value: unknown): value is ObservableObjectType {
  return typeof value === 'string' && (OBSERVABLE_OBJECT_TYPES as readonly string[]).includes(value);
}
