// The hand-written order check must accept exactly what the zod schema accepts, and hand the handler what zod
// would: table cases for every rule, then seeded random payloads built from valid and invalid field values.
import { MESSAGE_SCHEMAS, parseMessage } from '@waldur-sim/protocol';
import { describe, expect, it } from 'vitest';
import { FAST_CHECKS, isOrderMessage, parseHotPath } from './hot-path-parse.js';

const HEX = 'a'.repeat(32);
const HEX2 = '0123456789abcdef'.repeat(2);
const zodAccepts = (value: unknown): boolean => MESSAGE_SCHEMAS.order.safeParse(value).success;

const TABLE: readonly [string, unknown][] = [
  ['state message', { order_uuid: HEX, order_state: 'done' }],
  ['with offering', { order_uuid: HEX, order_state: 'executing', offering_uuid: HEX2 }],
  ['with sequence', { order_uuid: HEX, order_state: 'pending-provider', sequence_number: 7 }],
  ['sequence 0', { order_uuid: HEX, order_state: 'done', sequence_number: 0 }],
  ['sequence -0', { order_uuid: HEX, order_state: 'done', sequence_number: -0 }],
  ['sequence max safe', { order_uuid: HEX, order_state: 'done', sequence_number: Number.MAX_SAFE_INTEGER }],
  ['sequence above safe', { order_uuid: HEX, order_state: 'done', sequence_number: 2 ** 53 }],
  ['sequence negative', { order_uuid: HEX, order_state: 'done', sequence_number: -1 }],
  ['sequence float', { order_uuid: HEX, order_state: 'done', sequence_number: 1.5 }],
  ['sequence string', { order_uuid: HEX, order_state: 'done', sequence_number: '1' }],
  ['sequence null', { order_uuid: HEX, order_state: 'done', sequence_number: null }],
  ['provider_info_set', { order_uuid: HEX, action: 'provider_info_set' }],
  ['provider_info_set + offering', { order_uuid: HEX, action: 'provider_info_set', offering_uuid: HEX2 }],
  ['provider_info_set, bad sequence', { order_uuid: HEX, action: 'provider_info_set', sequence_number: -1 }],
  ['both, bad state', { order_uuid: HEX, action: 'provider_info_set', order_state: 'nope' }],
  ['other action', { order_uuid: HEX, action: 'other' }],
  ['extra keys kept', { order_uuid: HEX, order_state: 'done', extra: { a: 1 } }],
  ['unknown state', { order_uuid: HEX, order_state: 'Done' }],
  ['state as code', { order_uuid: HEX, order_state: 3 }],
  ['no state, no action', { order_uuid: HEX }],
  ['uuid upper case', { order_uuid: HEX.toUpperCase(), order_state: 'done' }],
  ['uuid dashed', { order_uuid: '01234567-89ab-cdef-0123-456789abcdef', order_state: 'done' }],
  ['uuid short', { order_uuid: HEX.slice(1), order_state: 'done' }],
  ['uuid trailing newline', { order_uuid: `${HEX}\n`, order_state: 'done' }],
  ['uuid missing', { order_state: 'done' }],
  ['uuid null', { order_uuid: null, order_state: 'done' }],
  ['offering null', { order_uuid: HEX, order_state: 'done', offering_uuid: null }],
  ['offering bad', { order_uuid: HEX, order_state: 'done', offering_uuid: 'x' }],
  ['array', [HEX, 'done']],
  ['null', null],
  ['string', 'done'],
  ['number', 3],
];

describe('isOrderMessage', () => {
  it.each(TABLE)('%s: same verdict as zod', (_name, value) => {
    expect(isOrderMessage(value)).toBe(zodAccepts(value));
  });

  it('agrees with zod on 20,000 seeded random payloads', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(values: readonly T[]): T => values[rand(values.length)] as T;
    const uuids = [HEX, HEX2, HEX.toUpperCase(), HEX.slice(2), '', null, 5, undefined, [HEX], { HEX }];
    const states = [
      'done',
      'executing',
      'erred',
      'pending-consumer',
      'DONE',
      '',
      null,
      3,
      undefined,
      ['done'],
    ];
    const sequences = [0, 1, 2 ** 53 - 1, 2 ** 53, -1, 0.5, '2', null, true, undefined];
    const actions = ['provider_info_set', 'provider-info-set', '', null, 1, undefined];
    let accepted = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const value: Record<string, unknown> = {};
      const fields: [string, readonly unknown[]][] = [
        ['order_uuid', uuids],
        ['order_state', states],
        ['offering_uuid', uuids],
        ['sequence_number', sequences],
        ['action', actions],
      ];
      for (const [key, values] of fields) {
        const v = pick(values);
        if (v !== undefined) value[key] = v;
      }
      if (rand(4) === 0) value[pick(['extra', 'object_type', 'order_uuid_'])] = pick(uuids);
      const fast = isOrderMessage(value);
      expect({ value, fast }).toEqual({ value, fast: zodAccepts(value) });
      if (fast) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(200); // the generator reaches both verdicts
    expect(accepted).toBeLessThan(19_500);
  });
});

describe('parseHotPath', () => {
  const bodies = [
    ...TABLE.map(([, value]) => JSON.stringify(value)),
    '',
    'not json',
    '{"order_uuid":',
    `{"order_uuid":"${HEX}","order_state":"done","order_state":"nope"}`,
  ];

  it.each(bodies)('order body %s: same result as parseMessage', (body) => {
    const fast = parseHotPath('order', body);
    const slow = parseMessage('order', body);
    expect(fast.ok).toBe(slow.ok);
    if (fast.ok && slow.ok) expect(fast.value).toEqual(slow.value);
    if (!fast.ok && !slow.ok) {
      expect(fast.error.code).toBe(slow.error.code);
      expect(fast.error.message).toBe(slow.error.message);
    }
  });

  it('leaves types without a hand-written check to zod', () => {
    expect(Object.keys(FAST_CHECKS)).toEqual(['order']);
    const body = JSON.stringify({ resource_uuid: HEX });
    expect(parseHotPath('resource', body)).toEqual(parseMessage('resource', body));
  });
});
