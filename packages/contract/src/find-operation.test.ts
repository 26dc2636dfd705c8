import { describe, expect, it } from 'vitest';
import { findOperation, operationsReachedFrom } from './find-operation.js';
import { loadContract } from './load-contract.js';

const contract = loadContract();

describe('findOperation', () => {
  it('matches a uuid path in both forms', () => {
    const hex = findOperation(
      contract,
      'GET',
      '/api/marketplace-provider-resources/0123456789abcdef0123456789abcdef/team/',
    );
    expect(hex?.operation.operation).toBe('marketplace_provider_resources_team_list');
    const dashed = findOperation(
      contract,
      'get',
      '/api/marketplace-provider-resources/01234567-89ab-cdef-0123-456789abcdef/team/',
    );
    expect(dashed?.pathParams).toEqual({ uuid: '01234567-89ab-cdef-0123-456789abcdef' });
  });

  it('prefers literal segments over parameters', () => {
    const match = findOperation(contract, 'POST', '/api/marketplace-component-usages/set_usage/');
    expect(match?.operation.operation).toBe('marketplace_component_usages_set_usage');
  });

  it('finds nothing for other methods, paths or malformed uuids', () => {
    expect(findOperation(contract, 'DELETE', '/api/marketplace-orders/')).toBeUndefined();
    expect(findOperation(contract, 'GET', '/api/marketplace-orders/not-a-uuid/')).toBeUndefined();
    expect(findOperation(contract, 'GET', '/api/nothing/')).toBeUndefined();
  });

  it('routes every operation of the contract from its own template', () => {
    for (const operation of contract.operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, '0123456789abcdef0123456789abcdef');
      expect(findOperation(contract, operation.method, path)?.operation.operation).toBe(operation.operation);
    }
  });
});

describe('operationsReachedFrom', () => {
  it('lists the operations of each mode', () => {
    const event = operationsReachedFrom(contract, 'event_process').map((o) => o.operation);
    expect(event).toContain('marketplace_site_agent_identities_register_event_subscription');
    expect(operationsReachedFrom(contract, 'order_process').length).toBeGreaterThan(20);
  });
});
