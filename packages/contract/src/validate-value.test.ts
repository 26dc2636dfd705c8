import { describe, expect, it } from 'vitest';
import type { Contract, ValueType } from './contract-schema.js';
import { loadContract } from './load-contract.js';
import { validateModel, validateType } from './validate-value.js';

const contract = loadContract();

// A value of `type` that the validator must accept, built from the contract alone (required keys only).
function sample(c: Contract, type: ValueType, depth = 0): unknown {
  if (type.enum) return type.enum.find((v) => v !== null && v !== '') ?? type.enum[0];
  if (type.type.startsWith('model:')) return sampleModel(c, type.type.slice(6), depth + 1);
  switch (type.type) {
    case 'string':
      if (type.format === 'uuid') return '0123456789abcdef0123456789abcdef';
      if (type.format === 'date-time') return '2026-12-04T10:00:00.123456Z';
      if (type.format === 'date') return '2026-12-04';
      if (type.format === 'uri') return 'http://waldur.example/api/x/';
      if (type.format === 'decimal') return '1.50';
      return 'text';
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return type.items && depth < 6 ? [sample(c, type.items, depth)] : [];
    default:
      return {};
  }
}

function sampleModel(c: Contract, name: string, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of c.models[name]?.fields ?? []) {
    if (field.required) out[field.name] = sample(c, field, depth);
  }
  return out;
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
