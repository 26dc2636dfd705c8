// Shared set-up of the SLURM backend sequence tests: a backend over a recording runner, the sacctmgr argv
// prefixes, default settings/components and a resource spec builder.
import { pino } from 'pino';
import type { ResourceSpec } from '../backend/backend.js';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import { SlurmBackend } from '../slurm/slurm-backend.js';

export const log = pino({ level: 'silent' });
export const S = (...args: string[]): string[] => [
  '/usr/bin/sacctmgr',
  '--parsable2',
  '--noheader',
  '--immediate',
  ...args,
];
export const SN = (...args: string[]): string[] => [
  '/usr/bin/sacctmgr',
  '--parsable2',
  '--noheader',
  ...args,
];

export const BASE_SETTINGS = {
  default_account: 'root',
  customer_prefix: 'hpc_',
  project_prefix: 'hpc_',
  allocation_prefix: 'hpc_',
  enable_user_homedir_account_creation: false,
  qos_paused: 'paused',
  qos_downscaled: 'slowdown',
};
export const COMPONENTS = {
  cpu: { accounting_type: 'limit', unit_factor: 60000, measured_unit: 'k-Hours', label: 'CPU' },
  mem: { accounting_type: 'limit', unit_factor: 61440, measured_unit: 'GB-Hours', label: 'RAM' },
};

export function spec(overrides: Partial<ResourceSpec> = {}): ResourceSpec {
  return {
    uuid: 'r1',
    name: 'Sample Resource',
    slug: 'sample-resource-1',
    backendId: null,
    projectUuid: 'p1',
    projectSlug: 'project-1',
    projectName: 'Project One',
    customerUuid: 'c1',
    customerSlug: 'customer-1',
    customerName: 'Customer One',
    offeringUuid: 'o1',
    offeringPluginOptions: {},
    limits: { cpu: 10, mem: 10 },
    ...overrides,
  };
}

export function setupSlurmBackend(
  settings: Record<string, unknown> = {},
  components: Record<string, unknown> = COMPONENTS,
): { runner: RecordingCommandRunner; backend: SlurmBackend; existing: string[] } {
  const runner = new RecordingCommandRunner();
  const existing: string[] = [];
  const backend = new SlurmBackend({ ...BASE_SETTINGS, ...settings }, components, { runner, log });
  return { runner, backend, existing };
}
