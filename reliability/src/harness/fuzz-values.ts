// fast-check arbitraries shared by the fuzz tests: JSON values biased towards what the publisher and the agent
// parse (known keys, enum words, ids that exist, ids that do not, hostile strings, wrong types).
import fc from 'fast-check';

const hexId = fc.uuid().map((u) => u.replaceAll('-', ''));

/** Strings that have broken parsers before: empty, huge, control characters, quotes, shell and SQL syntax. */
export const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\n',
    '"',
    '\'; DROP TABLE "Order"; --',
    '$(touch /tmp/pwned)',
    '`id`',
    '../../../../etc/passwd',
    '%00',
    '{}',
    'null',
    'NaN',
    '-1',
    '1e309',
    '\ud800',
    'x'.repeat(5000),
    '日本語 ünïcödé',
  ),
);

/** Dates and numbers at and beyond what the columns (and Python's datetime / DRF's DecimalField) hold. */
export const OUT_OF_RANGE = [
  '0000-01-01',
  '0000-12-31T23:59:59Z',
  '-271821-04-20T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '10000-01-01',
  '9999-12-31T23:59:59Z',
  '0001-01-01',
  '1e15',
  '99999999999999999999',
  '99999999999999.999999',
  '-1',
  '-0.000001',
  '2147483648',
  '-9223372036854775809',
] as const;

/** JSON nested `depth` levels (objects and arrays alternating), far past any sane limit. */
export function deepJson(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

/**
 * Values of the classes that used to reach PostgreSQL and fail there: NUL and lone surrogates inside otherwise
 * normal text, out-of-range dates and numbers (as strings and as JSON numbers), and deep nesting.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .tuple(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff'),
      fc.string({ maxLength: 8 }),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`),
  fc.constantFrom(...OUT_OF_RANGE),
  fc.constantFrom(1e15, 1e300, -1, -0.5, 2 ** 31, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2),
  fc.integer({ min: 33, max: 3000 }).map(deepJson),
);

export const ENUM_WORDS = [
  'Create',
  'Update',
  'Terminate',
  'Restore',
  'order',
  'user_role',
  'resource',
  'offering_user',
  'PROJECT.ADMIN',
  'PROJECT.MEMBER',
  'CUSTOMER.OWNER',
  'pending-provider',
  'executing',
  'done',
  'erred',
  'OK',
  'Requested',
  'event_process',
  'slurm',
] as const;

/** A JSON value: ids from `ids` (existing objects), random ids, enum words, wrong types, nesting. */
export function jsonValue(ids: readonly string[], urlBase: string): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 3, arbitrary: ids.length > 0 ? fc.constantFrom(...ids) : hexId },
    { weight: 2, arbitrary: hexId },
    {
      weight: 2,
      arbitrary: (ids.length > 0 ? fc.constantFrom(...ids) : hexId).map(
        (id) => `${urlBase}/api/projects/${id}/`,
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...ENUM_WORDS) },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: hostileValue },
  );
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie('tree'), { maxLength: 4 }) },
      {
        weight: 1,
        arbitrary: fc.dictionary(
          fc.oneof(nastyString, fc.constantFrom('cpu', 'mem', 'name', 'object_type')),
          tie('tree'),
          { maxKeys: 4 },
        ),
      },
    ),
  }));
  return tree;
}

/** An object whose keys are mostly ones the API or the payload schemas know. */
export function knownKeyObject(
  keys: readonly string[],
  value: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: nastyString }),
    value,
    {
      minKeys: 0,
      maxKeys: Math.min(keys.length, 8),
    },
  );
}

export { hexId };

/** encodeURIComponent that does not throw on lone surrogates (they become U+FFFD, as a browser would send). */
export function encodeComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** RELIABILITY_FUZZ_RUNS overrides the number of cases of every property (default `fallback`). */
export function fuzzRuns(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.RELIABILITY_FUZZ_RUNS);
  return Number.isInteger(raw) && raw > 0 ? raw : fallback;
}

const ORDER_STATES = [
  'pending-consumer',
  'pending-provider',
  'executing',
  'done',
  'erred',
  'canceled',
  'rejected',
  'pending-project',
  'pending-start-date',
];

/** A payload that satisfies the wire schema of `objectType` (what Waldur would send), with ids from `id`. */
export function validPayload(
  objectType: string,
  id: fc.Arbitrary<string>,
): fc.Arbitrary<Record<string, unknown>> {
  const text = fc.string({ maxLength: 20 });
  switch (objectType) {
    case 'order':
      return fc.oneof(
        fc.record(
          { order_uuid: id, order_state: fc.constantFrom(...ORDER_STATES) },
          { requiredKeys: ['order_uuid', 'order_state'] },
        ),
        fc.record({ order_uuid: id, action: fc.constant('provider_info_set') }),
      );
    case 'user_role':
      return fc.oneof(
        fc.record({
          user_uuid: id,
          user_username: text,
          project_uuid: id,
          project_name: text,
          role_name: fc.constantFrom('PROJECT.MEMBER', 'PROJECT.ADMIN'),
          granted: fc.boolean(),
        }),
        fc.record({ project_uuid: id }),
        fc.record({ project_uuid: id, resource_uuid: id }),
      );
    case 'resource':
      return fc.record({ resource_uuid: id });
    case 'offering_resources_sync':
      return fc.record({ requested_by_user_uuid: id });
    case 'service_account':
    case 'course_account':
      return fc.record({
        account_uuid: id,
        account_username: text,
        scope_type: text,
        project_uuid: id,
        project_name: text,
        action: fc.constantFrom('create', 'delete'),
      });
    case 'resource_api_key_rotation':
      return fc.record({
        action: text,
        resource_uuid: id,
        resource_backend_id: text,
        api_key_uuid: id,
        client_id: text,
      });
    case 'offering_user':
      return fc.oneof(
        fc.record({
          offering_user_uuid: id,
          user_uuid: id,
          username: fc.option(text, { nil: null }),
          action: fc.constant('delete'),
        }),
        fc.record({
          offering_user_uuid: id,
          user_uuid: id,
          username: text,
          state: fc.oneof(fc.integer(), text),
          action: fc.constant('username_set'),
          resource_backend_ids: fc.array(text, { maxLength: 3 }),
        }),
        fc.record({
          offering_user_uuid: id,
          user_uuid: id,
          username: fc.option(text, { nil: null }),
          state: text,
          runtime_state: fc.option(text, { nil: null }),
          action: fc.constant('update'),
          changed_fields: fc.array(fc.constantFrom('username', 'state'), { maxLength: 2 }),
        }),
      );
    default:
      return fc.record({ resource_uuid: id });
  }
}

/** A valid payload with one key dropped, retyped or added: the near misses a schema must catch. */
export function mutatedPayload(
  objectType: string,
  id: fc.Arbitrary<string>,
  junk: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      validPayload(objectType, id),
      fc.nat(),
      junk,
      fc.constantFrom('drop', 'retype', 'add'),
      nastyString,
    )
    .map(([payload, pick, value, how, key]) => {
      const keys = Object.keys(payload);
      const k = keys[pick % Math.max(1, keys.length)] ?? key;
      const out: Record<string, unknown> = { ...payload };
      if (how === 'drop') Reflect.deleteProperty(out, k);
      else if (how === 'retype') out[k] = value;
      else out[key] = value;
      return out;
    });
}
