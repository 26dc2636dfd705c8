import { describe, expect, it } from 'vitest';
import type { ContractOperation } from './contract-schema.js';
import { loadContract } from './load-contract.js';
import { validateRequest, validateResponse } from './validate-exchange.js';

const contract = loadContract();

function operation(name: string): ContractOperation {
  const found = contract.operations.find((o) => o.operation === name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
}

describe('validateResponse', () => {
  const version = operation('version_retrieve');

  it('accepts a listed status with a conforming body', () => {
    expect(validateResponse(contract, version, 200, { version: '8.1.0' })).toEqual([]);
  });

  it('refuses a status the client raises on, 404 included', () => {
    expect(validateResponse(contract, version, 404, { detail: 'Not found.' })).toHaveLength(1);
    expect(validateResponse(contract, version, 500, {})).toHaveLength(1);
  });

  it('wants a bare array for list operations and checks every item', () => {
    const team = operation('marketplace_provider_resources_team_list');
    expect(validateResponse(contract, team, 200, { results: [] })).toEqual([
      { path: '$', message: 'expected a bare JSON array' },
    ]);
    const violations = validateResponse(contract, team, 200, [{ uuid: '0123456789abcdef0123456789abcdef' }]);
    expect(violations.map((v) => v.path)).toContain('$[0].offering_user_state');
  });

  it('ignores the body where the client does', () => {
    expect(validateResponse(contract, operation('marketplace_orders_set_state_done'), 200, 'x')).toEqual([]);
  });
});

describe('validateRequest', () => {
  const orders = operation('marketplace_orders_list');

  it('accepts known query parameters in their forms, lists repeated', () => {
    expect(
      validateRequest(contract, orders, {
        query: {
          state: ['pending-provider', 'executing'],
          offering_uuid: ['0123456789abcdef0123456789abcdef'],
        },
      }),
    ).toEqual([]);
  });

  it('refuses unknown parameters, bad enum values and bad booleans', () => {
    const violations = validateRequest(contract, orders, {
      query: { nonsense: ['1'], state: ['pending'], can_approve_as_provider: ['yes'] },
    });
    expect(violations.map((v) => v.path).sort()).toEqual(['?can_approve_as_provider', '?nonsense', '?state']);
  });

  it('checks the body model, refusing keys Waldur does not take', () => {
    const setBackendId = operation('marketplace_orders_set_backend_id');
    expect(validateRequest(contract, setBackendId, { query: {}, body: { backend_id: 'acc1' } })).toEqual([]);
    expect(validateRequest(contract, setBackendId, { query: {}, body: {} })).toHaveLength(1);
    expect(validateRequest(contract, setBackendId, { query: {} })).toHaveLength(1);
    expect(
      validateRequest(contract, setBackendId, { query: {}, body: { backend_id: 'a', extra: true } }),
    ).toHaveLength(1);
  });
});
