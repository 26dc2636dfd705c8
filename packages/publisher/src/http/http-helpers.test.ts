// Pure helpers of the HTTP layer: DRF-style validation bodies, query parsing, field selection, auth header.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FieldValidationError } from './errors.js';
import { selectFields } from './field-selection.js';
import { lastPage, pageRequest } from './pagination.js';
import { tokenFromHeader } from './plugins/auth.js';
import { pathUuid, queryAll, queryBoolean, queryOne, queryUuid } from './query.js';
import { uuidFromReference } from './serializers/urls.js';
import { parseBody } from './validation.js';

function validationBody(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof FieldValidationError) return error.body;
    throw error;
  }
  throw new Error('expected a FieldValidationError');
}

describe('parseBody (DRF messages)', () => {
  const schema = z.looseObject({
    name: z.string().min(1),
    count: z.int(),
    flag: z.boolean().optional(),
    kind: z.enum(['a', 'b']).optional(),
  });

  it('reports required, type and choice errors per field', () => {
    expect(validationBody(() => parseBody(schema, {}))).toEqual({
      name: ['This field is required.'],
      count: ['This field is required.'],
    });
    expect(validationBody(() => parseBody(schema, { name: '', count: 'x', flag: 'yes', kind: 'c' }))).toEqual(
      {
        name: ['This field may not be blank.'],
        count: ['A valid number is required.'],
        flag: ['Must be a valid boolean.'],
        kind: ['"c" is not a valid choice.'],
      },
    );
    expect(validationBody(() => parseBody(schema, { name: 'n', count: 1.5 }))).toEqual({
      count: ['A valid integer is required.'],
    });
    expect(validationBody(() => parseBody(schema, { name: null, count: 1 }))).toEqual({
      name: ['This field may not be null.'],
    });
  });

  it('treats a missing body as {} and rejects non-objects', () => {
    expect(validationBody(() => parseBody(schema, undefined))).toHaveProperty('name');
    expect(validationBody(() => parseBody(schema, 'text'))).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got str.'],
    });
    expect(parseBody(schema, { name: 'n', count: 2, extra: true })).toEqual({
      name: 'n',
      count: 2,
      extra: true,
    });
  });
});

describe('query helpers', () => {
  it('repeated keys, last value wins, UUID and boolean filters', () => {
    const q = {
      state: ['pending-provider', 'executing'],
      name: ['a', 'b'],
      empty: '',
      uuid: 'A'.repeat(32),
      bool: 'False',
    };
    expect(queryAll(q, 'state')).toEqual(['pending-provider', 'executing']);
    expect(queryOne(q, 'name')).toBe('b');
    expect(queryOne(q, 'empty')).toBeUndefined();
    expect(queryUuid(q, 'uuid')).toBe('a'.repeat(32));
    expect(validationBody(() => queryUuid({ uuid: 'x' }, 'uuid'))).toEqual({ uuid: ['Enter a valid UUID.'] });
    expect(queryBoolean(q, 'bool')).toBe(false);
    expect(() => pathUuid('not-a-uuid')).toThrow('Not found.');
    expect(pathUuid('0123ABCD-0123-4567-89ab-0123456789AB')).toBe('0123abcd0123456789ab0123456789ab');
  });

  it('page/page_size with defaults and the 300 cap', () => {
    expect(pageRequest({})).toEqual({ page: 1, pageSize: 10, skip: 0, take: 10 });
    expect(pageRequest({ page: '3', page_size: '100' })).toEqual({
      page: 3,
      pageSize: 100,
      skip: 200,
      take: 100,
    });
    expect(pageRequest({ page_size: '5000' }).pageSize).toBe(300);
    expect(() => pageRequest({ page: '0' })).toThrow('Invalid page.');
    expect(lastPage(0, 10)).toBe(1);
    expect(lastPage(21, 10)).toBe(3);
  });

  it('field= keeps only the named keys in serializer order', () => {
    expect(selectFields({ a: 1, b: 2, c: 3 }, ['c', 'a', 'zzz'])).toEqual({ a: 1, c: 3 });
    expect(Object.keys(selectFields({ a: 1, b: 2, c: 3 }, ['c', 'a']))).toEqual(['a', 'c']);
    expect(selectFields({ a: 1 }, [])).toEqual({ a: 1 });
  });

  it('hyperlinks and bare UUIDs both resolve to the UUID', () => {
    expect(uuidFromReference('http://x/api/projects/abc/')).toBe('abc');
    expect(uuidFromReference('abc')).toBe('abc');
  });
});

describe('Authorization header', () => {
  it('accepts Token and Bearer, rejects the rest like DRF', () => {
    expect(tokenFromHeader('Token abc')).toBe('abc');
    expect(tokenFromHeader('bearer abc')).toBe('abc');
    expect(() => tokenFromHeader(undefined)).toThrow('Authentication credentials were not provided.');
    expect(() => tokenFromHeader('Basic abc')).toThrow('Authentication credentials were not provided.');
    expect(() => tokenFromHeader('Token')).toThrow('Invalid token.');
    expect(() => tokenFromHeader('Token a b')).toThrow('Invalid token.');
  });
});
