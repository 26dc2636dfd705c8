import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractError } from './contract-error.js';
import { loadContract } from './load-contract.js';

describe('loadContract', () => {
  it('reads the fixture of waldur-api-client 8.1.0rc19', () => {
    const contract = loadContract();
    expect(contract.sources.client.version).toBe('8.1.0rc19');
    expect(contract.operations).toHaveLength(66);
    expect(Object.keys(contract.models)).toHaveLength(150);
  });

  it('fails with a coded error on a file of another shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-'));
    const file = join(dir, 'contract.json');
    writeFileSync(file, JSON.stringify({ contract: 'something-else' }));
    expect(() => loadContract(file)).toThrow(ContractError);
    try {
      loadContract(join(dir, 'missing.json'));
    } catch (error) {
      expect((error as ContractError).code).toBe('ERR_CONTRACT_UNREADABLE');
    }
    expect.assertions(2);
  });
});
