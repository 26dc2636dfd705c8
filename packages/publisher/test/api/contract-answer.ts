// Checks an answer of the app against Waldur's contract (the operation found from method and path), so these
// tests hold the publisher to what the real client parses rather than to our own protocol package.
import { findOperation, formatViolations, loadContract, validateResponse } from '@waldur-sim/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Asserts that `res` is an answer the real client parses for `method url`; returns its JSON body. */
export function expectContractAnswer(method: string, url: string, res: LightMyRequestResponse): unknown {
  const contract = loadContract();
  const path = url.split('?')[0] ?? url;
  const match = findOperation(contract, method, path);
  if (match === undefined) throw new Error(`${method} ${path} is not an operation of the contract`);
  const body: unknown = res.body === '' ? undefined : res.json();
  const violations = validateResponse(contract, match.operation, res.statusCode, body);
  expect(formatViolations(violations), `${method} ${url} -> ${res.statusCode} ${res.body}`).toBe('');
  return body;
}
