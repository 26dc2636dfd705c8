// Reads the contract fixture shipped in this package (fixtures/waldur-api-contract.json) once per process and
// checks its shape, so every suite validates against the same parsed copy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContractError } from './contract-error.js';
import { contractSchema, type Contract } from './contract-schema.js';

/** Absolute path of the fixture inside this package. */
export const CONTRACT_FIXTURE_PATH = fileURLToPath(
  new URL('../fixtures/waldur-api-contract.json', import.meta.url),
);

let cached: Contract | undefined;

/** The parsed contract (cached). `path` reads another copy, e.g. a newer derivation under review. */
export function loadContract(path: string = CONTRACT_FIXTURE_PATH): Contract {
  if (path === CONTRACT_FIXTURE_PATH && cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ContractError('ERR_CONTRACT_UNREADABLE', `cannot read the API contract at ${path}`, { cause });
  }
  const parsed = contractSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ContractError('ERR_CONTRACT_SHAPE', `the API contract at ${path} has an unexpected shape`, {
      cause: parsed.error,
    });
  }
  if (path === CONTRACT_FIXTURE_PATH) cached = parsed.data;
  return parsed.data;
}
