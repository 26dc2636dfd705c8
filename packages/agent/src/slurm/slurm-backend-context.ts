// What the SLURM backend's parts share: parsed settings and components, the command client, the logger
// and the offering-level switches pushed in by configureOffering (partitions, enforce_qos).
import type { BackendLogger } from '../backend/backend.js';
import type { SlurmClient } from './slurm-client.js';
import type { BackendComponents, SlurmSettings } from './slurm-settings.js';

export interface SlurmOfferingState {
  partitions: string[];
  enforceQos: boolean;
}

export interface SlurmBackendContext {
  readonly settings: SlurmSettings;
  readonly components: BackendComponents;
  readonly client: SlurmClient;
  readonly log: BackendLogger;
  readonly offering: SlurmOfferingState;
  readonly pathExists: (path: string) => Promise<boolean>;
  readonly fetch: typeof fetch;
}

/** Opt-in locally (qos_enforcement_enabled), then enforce_offering_qos override, else plugin_options.enforce_qos. */
export function qosEnforced(ctx: SlurmBackendContext): boolean {
  if (!ctx.settings.qosEnforcementEnabled) return false;
  return ctx.settings.enforceOfferingQos ?? ctx.offering.enforceQos;
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
