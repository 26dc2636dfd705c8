// Which database failures are "try again later" (503) and which are bugs (500).
import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError } from './transient-database-error.js';

const coded = (code: string, message = 'x', extra: object = {}) =>
  Object.assign(new Error(message), { code }, extra);

describe('isTransientDatabaseError', () => {
  it('knows Prisma pool/transaction timeouts and unreachable servers', () => {
    for (const code of ['P2028', 'P2024', 'P1001', 'P1017'])
      expect(isTransientDatabaseError(coded(code))).toBe(true);
  });

  it('knows node-postgres pool timeouts and PostgreSQL overload states, also as a cause', () => {
    expect(isTransientDatabaseError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTransientDatabaseError(coded('53300', 'sorry, too many clients already'))).toBe(true);
    const wrapped = new Error('query failed', { cause: coded('57P03') });
    expect(isTransientDatabaseError(wrapped)).toBe(true);
    const adapter = coded('P2010', 'raw query failed', {
      meta: { driverAdapterError: { cause: { originalCode: '53300' } } },
    });
    expect(isTransientDatabaseError(adapter)).toBe(true);
  });

  it('leaves real errors alone', () => {
    expect(isTransientDatabaseError(coded('P2002', 'Unique constraint failed'))).toBe(false);
    expect(isTransientDatabaseError(coded('23505'))).toBe(false);
    expect(isTransientDatabaseError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDatabaseError('P2028')).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });
});
