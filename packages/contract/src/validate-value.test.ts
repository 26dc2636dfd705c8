import { describe, expect, it } from 'vitest';
import type { Contract } from './contract-schema.js';
import { exampleModel } from './example-value.js';
import { loadContract } from './load-contract.js';
import { validateModel, validateType } from './validate-value.js';

const contract = loadContract();

function sampleModel(c: Contract, name: string): Record<string, unknown> {
  return exampleModel(c, name, { keys: 'required', nulls: false });
}

describe('validateModel', () => {
  const modelNames = Object.keys(contract.models);

  it('accepts a payload with every required key of every model', () => {
    for (const name of modelNames) {
      expect(validateModel(contract, name, sampleModel(contract, name)), name).toEqual([]);
    }
  });

  it('refuses every model payload with any one required key removed', () => {
    let checked = 0;
    for (const name of modelNames) {
      const full = sampleModel(contract, name);
      for (const key of Object.keys(full)) {
        const { [key]: _removed, ...rest } = full;
        const violations = validateModel(contract, name, rest);
        expect(
          violations.map((v) => v.path),
          `${name}.${key}`,
        ).toContain(`$.${key}`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses null in a non-nullable field and accepts it in a nullable one', () => {
    const service = sampleModel(contract, 'AgentService');
    expect(validateModel(contract, 'AgentService', { ...service, name: null })).toEqual([
      { path: '$.name', message: 'null in a field that is not nullable' },
    ]);
    const user = sampleModel(contract, 'ProjectUser');
    expect(validateModel(contract, 'ProjectUser', { ...user, offering_user_state: null })).toEqual([]);
  });

  it('checks enums, formats and nested models', () => {
    const user = sampleModel(contract, 'ProjectUser');
    expect(validateModel(contract, 'ProjectUser', { ...user, offering_user_state: 'ok' })).toHaveLength(1);
    expect(validateModel(contract, 'ProjectUser', { ...user, uuid: 'not-a-uuid' })).toHaveLength(1);
    const service = sampleModel(contract, 'AgentService');
    const bad = validateModel(contract, 'AgentService', { ...service, processors: [{ uuid: 'x' }] });
    expect(bad.map((v) => v.path)).toContain('$.processors[0].uuid');
  });

  it('keeps extra keys in answers and refuses them in requests', () => {
    const body = { ...sampleModel(contract, 'AgentServiceCreateRequest'), surprise: 1 };
    expect(validateModel(contract, 'AgentServiceCreateRequest', body)).toEqual([]);
    expect(
      validateModel(contract, 'AgentServiceCreateRequest', body, '$', { allowExtraKeys: false }),
    ).toEqual([{ path: '$.surprise', message: 'key not in AgentServiceCreateRequest' }]);
  });

  it('decides enums by membership, also integer enums under a string type', () => {
    const period = contract.models.SlurmPeriodicUsagePolicy?.fields.find((f) => f.name === 'period');
    expect(period?.enum).toContain(1);
    const policy = sampleModel(contract, 'SlurmPeriodicUsagePolicy');
    expect(validateModel(contract, 'SlurmPeriodicUsagePolicy', { ...policy, period: 1 })).toEqual([]);
    expect(validateModel(contract, 'SlurmPeriodicUsagePolicy', { ...policy, period: '1' })).toHaveLength(1);
  });

  it('checks the values of map models', () => {
    expect(validateModel(contract, 'ResourceLimits', { cpu: 10 })).toEqual([]);
    expect(validateModel(contract, 'ResourceLimits', { cpu: '10' })).toHaveLength(1);
  });
});

describe('validateType', () => {
  it('accepts both UUID forms and ISO dates Python parses', () => {
    const uuid = { type: 'string', format: 'uuid' };
    expect(validateType(contract, uuid, '01234567-89ab-cdef-0123-456789abcdef', '$')).toEqual([]);
    expect(validateType(contract, uuid, '0123456789abcdef0123456789abcdef', '$')).toEqual([]);
    const dateTime = { type: 'string', format: 'date-time' };
    expect(validateType(contract, dateTime, '2026-12-04T10:00:00+00:00', '$')).toEqual([]);
    expect(validateType(contract, dateTime, 'yesterday', '$')).toHaveLength(1);
  });

  it('checks decimal patterns', () => {
    const decimal = { type: 'string', format: 'decimal', pattern: '^-?\\d{0,18}(?:\\.\\d{0,2})?$' };
    expect(validateType(contract, decimal, '12.50', '$')).toEqual([]);
    expect(validateType(contract, decimal, '12.505', '$')).toHaveLength(1);
    expect(validateType(contract, decimal, 12.5, '$')).toHaveLength(1);
  });
});
