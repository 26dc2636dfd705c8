// Turning a Waldur-side name into a user name SLURM and the login nodes accept (docs/agent.md#username-rules):
// POSIX portable (`[a-z_][a-z0-9_-]*`, at most 32 characters, the useradd/sacctmgr-safe subset) and unique within
// the offering. Collisions get Waldur's own suffix style (its `full_name` policy): `_01`, `_02`, … `_99`.
import { BackendError } from '../backend/backend.js';

export const MAX_USERNAME_LENGTH = 32;
const MAX_SUFFIX = 99;

/**
 * Lower-cases, folds accents to ASCII, turns runs of anything outside `[a-z0-9_-]` into one `_`, trims `_`/`-`
 * at the ends, prefixes `_` when the name would start with a digit or `-`, and cuts to 32 characters.
 * "" when nothing usable is left.
 */
export function sanitizeUsername(raw: string): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  if (name === '') return '';
  if (!/^[a-z_]/.test(name)) name = `_${name}`;
  return name.slice(0, MAX_USERNAME_LENGTH);
}

/** `base` when free, else `base_01` … `base_99` (base shortened so the result stays within 32 characters). */
export function uniqueUsername(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 1; n <= MAX_SUFFIX; n += 1) {
    const suffix = `_${String(n).padStart(2, '0')}`;
    const candidate = `${base.slice(0, MAX_USERNAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new BackendError(`No free username for "${base}": ${base}_01 … ${base}_99 are all taken`);
}
