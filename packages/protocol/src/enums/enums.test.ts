import { describe, expect, it } from 'vitest';
import {
  OBSERVABLE_OBJECT_TYPES,
  isObservableObjectType,
  observableObjectTypeSchema,
} from './observable-object-type.js';
import { OFFERING_USER_STATES } from './offering-user-state.js';
import {
  ORDER_STATE_CODES,
  ORDER_STATES,
  TERMINAL_ORDER_STATES,
  isTerminalOrderState,
  orderStateSchema,
} from './order-state.js';
import { ORDER_TYPE_CODES, ORDER_TYPES } from './order-type.js';
import { RESOURCE_STATES } from './resource-state.js';

describe('enums', () => {
  it('lists the legacy observable object types in Waldur’s order', () => {
    expect(OBSERVABLE_OBJECT_TYPES).toEqual([
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
    ]);
    expect(isObservableObjectType('user_profile')).toBe(false);
    expect(observableObjectTypeSchema.safeParse('user_role').success).toBe(true);
  });

  it('maps order states to Waldur’s integer codes', () => {
    expect(ORDER_STATE_CODES).toEqual({
      'pending-consumer': 1,
      'pending-provider': 7,
      'pending-project': 8,
      'pending-start-date': 9,
      executing: 2,
      done: 3,
      erred: 4,
      canceled: 5,
      rejected: 6,
    });
    expect(Object.keys(ORDER_STATE_CODES).sort()).toEqual([...ORDER_STATES].sort());
    expect(TERMINAL_ORDER_STATES).toEqual(['done', 'erred', 'canceled', 'rejected']);
    expect(isTerminalOrderState('executing')).toBe(false);
    expect(isTerminalOrderState('canceled')).toBe(true);
    expect(orderStateSchema.safeParse('Done').success).toBe(false);
  });

  it('has order types, resource states and offering-user states as Waldur’s API shows them', () => {
    expect(ORDER_TYPES).toEqual(['Create', 'Update', 'Terminate', 'Restore']);
    expect(ORDER_TYPE_CODES).toEqual({ Create: 1, Update: 2, Terminate: 3, Restore: 4 });
    expect(RESOURCE_STATES).toEqual(['Creating', 'OK', 'Erred', 'Updating', 'Terminating', 'Terminated']);
    expect(OFFERING_USER_STATES).toContain('Requested');
    expect(OFFERING_USER_STATES).toContain('Pending account linking');
    expect(OFFERING_USER_STATES).toHaveLength(10);
  });
});
