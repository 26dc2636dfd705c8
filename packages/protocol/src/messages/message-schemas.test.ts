import { describe, expect, it } from 'vitest';
import { OBSERVABLE_OBJECT_TYPES, type ObservableObjectType } from '../enums/observable-object-type.js';
import { MESSAGE_SCHEMAS } from './message-schemas.js';
import { parseMessage } from './parse-message.js';

const A = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const B = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const C = '5d41402abc4b2a76b9719d911017c592';
const D = '7c222fb2927d828af22f592134e89324';

interface Variant {
  readonly name: string;
  readonly objectType: ObservableObjectType;
  readonly sample: Record<string, unknown>;
  /** Waldur's required-field contract for this payload. */
  readonly required: readonly string[];
  /** A value of the wrong type per field. */
  readonly wrong: Readonly<Record<string, unknown>>;
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'OrderMessage',
    objectType: 'order',
    sample: { order_uuid: A, order_state: 'pending-provider', offering_uuid: B },
    required: ['order_uuid', 'order_state'],
    wrong: { order_uuid: 'not-a-uuid', order_state: 'Pending', offering_uuid: 42 },
  },
  {
    name: 'PendingOrderMessage',
    objectType: 'order',
    sample: { order_uuid: A, order_state: 'pending-provider', sequence_number: 3, offering_uuid: B },
    required: ['order_uuid', 'order_state'],
    wrong: { sequence_number: 1.5 },
  },
  {
    name: 'provider_info_set',
    objectType: 'order',
    sample: { order_uuid: A, action: 'provider_info_set', offering_uuid: B },
    required: ['order_uuid'],
    wrong: { order_uuid: 7 },
  },
  {
    name: 'UserRoleMessage (grant)',
    objectType: 'user_role',
    sample: {
      user_uuid: A,
      user_username: 'jdoe',
      project_uuid: C,
      project_name: 'P',
      role_name: 'PROJECT.ADMIN',
      granted: true,
      offering_uuid: B,
    },
    required: ['user_username', 'project_uuid', 'project_name', 'role_name', 'granted'],
    wrong: { user_username: 1, project_uuid: 'x', project_name: null, role_name: [], granted: 'true' },
  },
  {
    name: 'UserRoleMessage (revoke)',
    objectType: 'user_role',
    sample: {
      user_uuid: A,
      user_username: 'jdoe',
      project_uuid: C,
      project_name: 'P',
      role_name: 'PROJECT.MEMBER',
      granted: false,
    },
    required: ['granted'],
    wrong: { granted: 0 },
  },
  {
    name: 'UserRoleSyncMessage (project)',
    objectType: 'user_role',
    sample: { project_uuid: C, project_name: 'P', offering_uuid: B },
    required: ['project_uuid', 'project_name'],
    wrong: { project_uuid: 12, project_name: false },
  },
  {
    name: 'UserRoleSyncMessage (resource)',
    objectType: 'user_role',
    sample: { project_uuid: C, project_name: 'P', resource_uuid: D, offering_uuid: B },
    required: ['project_uuid', 'project_name'],
    wrong: { resource_uuid: 'D' },
  },
  {
    name: 'ResourceUpdateMessage',
    objectType: 'resource',
    sample: {
      resource_uuid: C,
      resource_backend_id: 'hpc_1',
      downscaled: false,
      restrict_member_access: false,
      paused: true,
      sequence_number: 42,
      offering_uuid: B,
    },
    required: [
      'resource_uuid',
      'resource_backend_id',
      'downscaled',
      'restrict_member_access',
      'paused',
      'sequence_number',
    ],
    wrong: {
      resource_backend_id: 5,
      downscaled: 'no',
      restrict_member_access: null,
      paused: 1,
      sequence_number: '42',
    },
  },
  {
    name: 'OfferingUserMessage (username_set)',
    objectType: 'offering_user',
    sample: {
      username: 'jdoe',
      offering_user_uuid: D,
      user_uuid: A,
      state: 3,
      action: 'username_set',
      resource_backend_ids: ['hpc_1', 'hpc_2'],
      offering_uuid: B,
    },
    required: ['username', 'offering_user_uuid', 'user_uuid', 'state', 'action', 'resource_backend_ids'],
    wrong: { username: null, resource_backend_ids: 'hpc_1', state: true },
  },
  {
    name: 'offering_user create',
    objectType: 'offering_user',
    sample: {
      offering_user_uuid: D,
      user_uuid: A,
      username: null,
      state: 'Requested',
      runtime_state: '',
      action: 'create',
      attributes: { email: 'j@example.org' },
    },
    required: ['offering_user_uuid', 'user_uuid', 'username', 'state', 'runtime_state', 'attributes'],
    wrong: { attributes: [], state: 1 },
  },
  {
    name: 'offering_user update',
    objectType: 'offering_user',
    sample: {
      offering_user_uuid: D,
      user_uuid: A,
      username: 'jdoe',
      state: 'OK',
      runtime_state: 'Active',
      changed_fields: ['state'],
      action: 'update',
    },
    required: ['offering_user_uuid', 'user_uuid', 'username', 'state', 'changed_fields'],
    wrong: { changed_fields: 'state' },
  },
  {
    name: 'offering_user delete',
    objectType: 'offering_user',
    sample: { offering_user_uuid: D, user_uuid: A, username: 'jdoe', action: 'delete' },
    required: ['offering_user_uuid', 'user_uuid', 'username'],
    wrong: { offering_user_uuid: 'x' },
  },
  {
    name: 'offering_user attribute_update',
    objectType: 'offering_user',
    sample: {
      offering_user_uuid: D,
      user_uuid: A,
      username: 'jdoe',
      action: 'attribute_update',
      changed_attributes: ['email', 'first_name'],
      attributes: { email: 'j@example.org', first_name: 'J' },
    },
    required: ['offering_user_uuid', 'user_uuid', 'username', 'changed_attributes', 'attributes'],
    wrong: { changed_attributes: [1], attributes: 'x' },
  },
  {
    name: 'AccountMessage (service_account)',
    objectType: 'service_account',
    sample: {
      account_uuid: D,
      account_username: 'svc-1',
      scope_type: 'project',
      project_uuid: C,
      project_name: 'P',
      action: 'create',
      offering_uuid: B,
    },
    required: ['account_uuid', 'account_username', 'scope_type', 'project_uuid', 'project_name', 'action'],
    wrong: { action: 'update', account_username: 3 },
  },
  {
    name: 'AccountMessage (course_account)',
    objectType: 'course_account',
    sample: {
      account_uuid: D,
      account_username: 'course-1',
      scope_type: 'project',
      project_uuid: C,
      project_name: 'P',
      action: 'delete',
    },
    required: ['account_uuid', 'action'],
    wrong: { project_uuid: 'P' },
  },
  {
    name: 'importable_resources',
    objectType: 'importable_resources',
    sample: { backend_resource_request_uuid: D, offering_uuid: B },
    required: ['backend_resource_request_uuid'],
    wrong: { backend_resource_request_uuid: 1 },
  },
  {
    name: 'offering_resources_sync',
    objectType: 'offering_resources_sync',
    sample: { requested_by_user_uuid: A, offering_uuid: B },
    required: ['requested_by_user_uuid'],
    wrong: { requested_by_user_uuid: '' },
  },
  {
    name: 'PeriodicLimitsMessage',
    objectType: 'resource_periodic_limits',
    sample: {
      resource_uuid: C,
      backend_id: 'hpc_1',
      offering_uuid: B,
      policy_uuid: D,
      action: 'apply_periodic_settings',
      settings: { fairshare: 333, grp_tres_mins: { billing: 72000 } },
      timestamp: '2026-03-01T00:00:00',
    },
    required: [
      'resource_uuid',
      'backend_id',
      'offering_uuid',
      'policy_uuid',
      'action',
      'settings',
      'timestamp',
    ],
    wrong: { action: 'apply', settings: [], timestamp: 5, offering_uuid: 'B' },
  },
  {
    name: 'resource_api_key_rotation',
    objectType: 'resource_api_key_rotation',
    sample: {
      action: 'rotate',
      resource_uuid: C,
      resource_backend_id: 'hpc_1',
      api_key_uuid: D,
      client_id: 'cid',
      offering_uuid: B,
    },
    required: ['action', 'resource_uuid', 'resource_backend_id', 'api_key_uuid', 'client_id'],
    wrong: { client_id: 1 },
  },
  {
    name: 'resource_end_date_change_request',
    objectType: 'resource_end_date_change_request',
    sample: { resource_uuid: C, request_state: 'pending', offering_uuid: B },
    required: ['resource_uuid', 'request_state'],
    wrong: { request_state: 1 },
  },
];

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k !== key));
}

describe('payload schemas accept Waldur’s messages', () => {
  it('cover every observable object type', () => {
    expect(Object.keys(MESSAGE_SCHEMAS).sort()).toEqual([...OBSERVABLE_OBJECT_TYPES].sort());
    expect(new Set(VARIANTS.map((v) => v.objectType))).toEqual(new Set(OBSERVABLE_OBJECT_TYPES));
  });

  for (const v of VARIANTS) {
    it(`${v.name} parses and keeps unknown keys`, () => {
      const result = parseMessage(v.objectType, JSON.stringify({ ...v.sample, future_field: 1 }));
      expect(result).toEqual({ ok: true, value: { ...v.sample, future_field: 1 } });
    });
  }
});

describe('payload schemas reject bad messages with a readable error naming the field', () => {
  for (const v of VARIANTS) {
    for (const field of v.required) {
      it(`${v.name}: missing ${field}`, () => {
        const result = parseMessage(v.objectType, JSON.stringify(without(v.sample, field)));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('ERR_MESSAGE_SCHEMA');
        expect(result.error.message).toContain(`${field}: `);
        expect(result.error.issues.map((i) => i.path)).toContain(field);
      });
    }
    for (const [field, value] of Object.entries(v.wrong)) {
      it(`${v.name}: wrong type for ${field}`, () => {
        const result = parseMessage(v.objectType, JSON.stringify({ ...v.sample, [field]: value }));
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('ERR_MESSAGE_SCHEMA');
        expect(result.error.message).toMatch(
          new RegExp(`^Invalid ${v.objectType} message: .*\\b${field}(\\[\\d+\\])?: `),
        );
      });
    }
  }
});

describe('parseMessage', () => {
  it('reports a non-JSON body with ERR_MESSAGE_NOT_JSON and the parser error as cause', () => {
    const result = parseMessage('order', '{"order_uuid": ');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('ERR_MESSAGE_NOT_JSON');
    expect(result.error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['an array', '[]'],
    ['a string', '"x"'],
    ['null', 'null'],
  ])('rejects %s as a payload', (_label, body) => {
    const result = parseMessage('resource', body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_MESSAGE_SCHEMA');
  });

  it('rejects an unknown object type', () => {
    const result = parseMessage('invoice' as ObservableObjectType, '{}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('ERR_INVALID_OBJECT_TYPE');
  });

  it('tells user_role variants apart by user_uuid, as the agent does', () => {
    const grant = parseMessage(
      'user_role',
      JSON.stringify({ user_uuid: A, project_uuid: C, project_name: 'P' }),
    );
    expect(grant.ok).toBe(false);
    if (!grant.ok) expect(grant.error.message).toMatch(/granted: /);
    const sync = parseMessage('user_role', JSON.stringify({ project_uuid: C, project_name: 'P' }));
    expect(sync.ok).toBe(true);
  });

  it('names the discriminator when an offering_user action is unknown', () => {
    const result = parseMessage(
      'offering_user',
      JSON.stringify({ offering_user_uuid: D, user_uuid: A, action: 'rename' }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/action: /);
  });

  it('parses a body produced by buildMessage-style encoding with offering_uuid last', () => {
    const body = `{"order_uuid": "${A}", "order_state": "executing", "offering_uuid": "${B}"}`;
    expect(parseMessage('order', body)).toEqual({
      ok: true,
      value: { order_uuid: A, order_state: 'executing', offering_uuid: B },
    });
  });
});
