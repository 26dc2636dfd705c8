// Backend factory keyed by the offering's `backend_type` (the real agent uses entry points; we have one).
import type { Backend, BackendDeps } from './backend.js';
import { BackendError } from './errors.js';
import { SlurmBackend } from '../slurm/slurm-backend.js';

export const SUPPORTED_BACKEND_TYPES = ['slurm'] as const;

/**
 * Builds the backend for `type` (case-insensitive) from the offering's raw `backend_settings` and
 * `backend_components`. Throws BackendError ERR_BACKEND_UNKNOWN_TYPE / ERR_BACKEND_CONFIG.
 */
export function createBackend(
  type: string,
  settings: unknown,
  components: unknown,
  deps: BackendDeps,
): Backend {
  const t = type.toLowerCase();
  if (t === 'slurm') return new SlurmBackend(settings, components, deps);
  throw new BackendError(
    `Unsupported backend type "${type}" (supported: ${SUPPORTED_BACKEND_TYPES.join(', ')})`,
    'ERR_BACKEND_UNKNOWN_TYPE',
  );
}
