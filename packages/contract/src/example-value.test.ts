import { describe, expect, it } from 'vitest';
import { exampleModel } from './example-value.js';
import { loadContract } from './load-contract.js';
import { validateModel } from './validate-value.js';

const contract = loadContract();
const modelNames = Object.keys(contract.models);

describe('exampleModel', () => {
  it('builds, for every model, a full example the validator accepts, with and without nulls', () => {
    for (const name of modelNames) {
      for (const nulls of [true, false]) {
        expect(validateModel(contract, name, exampleModel(contract, name, { nulls })), name).toEqual([]);
      }
    }
  });

  it('declares every key of the model, null exactly in the nullable ones', () => {
    const user = exampleModel(contract, 'ProjectUser');
    expect(Object.keys(user).sort()).toEqual(contract.models.ProjectUser?.fields.map((f) => f.name).sort());
    expect(user.offering_user_state).toBeNull();
    expect(user.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(exampleModel(contract, 'ProjectUser', { nulls: false }).offering_user_state).toEqual(
      expect.any(String),
    );
  });

  it('with keys: required, sends only the required keys', () => {
    const service = exampleModel(contract, 'AgentService', { keys: 'required' });
    expect(Object.keys(service).sort()).toEqual(
      contract.models.AgentService?.fields
        .filter((f) => f.required)
        .map((f) => f.name)
        .sort(),
    );
  });
});
