// Parses the SLURM offering's `backend_settings` and `backend_components` (docs/agent.md#configuration, docs/slurm.md#backend-settings) once, at
// backend construction, so a typo fails loudly with the key name instead of misbehaving at the first order.
import { z } from 'zod';
import { BackendError } from '../backend/errors.js';

const optionalName = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : v));

const qosManagementSchema = z.looseObject({
  enabled: z.boolean().default(false),
  skip_qos_swap: z.boolean().default(false),
  apply_limits_to_qos: z.boolean().default(false),
  flags: z.string().default('DenyOnLimit,NoDecay'),
  grp_tres: z.string().nullish(),
  max_jobs: z.number().int().nullish(),
  max_submit: z.number().int().nullish(),
  max_wall: z.union([z.string(), z.number()]).nullish(),
  min_tres_per_job: z.string().nullish(),
  additional_qos: z.array(z.string()).nullish(),
});

const periodicLimitsSchema = z.looseObject({
  enabled: z.boolean().default(false),
  emulator_mode: z.boolean().default(false),
  emulator_base_url: z.string().default('http://localhost:8080'),
  limit_type: z.string().nullish(),
});

export const slurmBackendSettingsSchema = z.looseObject({
  default_account: z.string(),
  customer_prefix: z.string(),
  project_prefix: z.string(),
  allocation_prefix: z.string(),
  default_account_policy: z.enum(['common', 'individual', 'none']).default('common'),
  root_account: optionalName,
  parent_account: optionalName,
  cluster_name: optionalName,
  execution_mode: z.enum(['cli', 'rest']).default('cli'),
  rest_api: z.unknown().optional(),
  slurm_bin_path: z.string().default('/usr/bin'),
  default_partition: optionalName,
  enforce_offering_partitions: z.boolean().default(false),
  qos_default: z.string().nullish(),
  qos_paused: optionalName,
  qos_downscaled: optionalName,
  qos_enforcement_enabled: z.boolean().default(false),
  enforce_offering_qos: z.boolean().nullish(),
  qos_management: qosManagementSchema.nullish(),
  project_directory: z.looseObject({ enabled: z.boolean().default(false) }).nullish(),
  periodic_limits: periodicLimitsSchema.nullish(),
  ldap: z.unknown().optional(),
  enable_user_homedir_account_creation: z.boolean().default(true),
  default_homedir_umask: z.union([z.string(), z.number()]).default('0077'),
  homedir_base_path: optionalName,
  homedir_quota: z.unknown().optional(),
  soft_delete: z.boolean().default(false),
  check_backend_id_uniqueness: z.boolean().default(false),
  check_all_offerings: z.boolean().default(false),
  backend_id_max_retries: z.number().int().min(1).default(50),
});

export type SlurmBackendSettingsInput = z.input<typeof slurmBackendSettingsSchema>;

export interface QosManagementSettings {
  enabled: boolean;
  skipQosSwap: boolean;
  applyLimitsToQos: boolean;
  flags: string;
  grpTres: string | null;
  maxJobs: number | null;
  maxSubmit: number | null;
  maxWall: string | null;
  minTresPerJob: string | null;
  additionalQos: string[];
}

export interface PeriodicLimitsSettings {
  enabled: boolean;
  emulatorMode: boolean;
  emulatorBaseUrl: string;
  limitType: string | null;
}

/** Normalised SLURM settings (defaults applied, camelCase). */
export interface SlurmSettings {
  defaultAccount: string;
  customerPrefix: string;
  projectPrefix: string;
  allocationPrefix: string;
  defaultAccountPolicy: 'common' | 'individual' | 'none';
  /** Parent of the customer tier: root_account, else default_account, else "root". */
  rootAccount: string;
  parentAccount: string | null;
  clusterName: string | null;
  slurmBinPath: string;
  defaultPartition: string | null;
  enforceOfferingPartitions: boolean;
  qosDefault: string;
  qosPaused: string | null;
  qosDownscaled: string | null;
  qosEnforcementEnabled: boolean;
  enforceOfferingQos: boolean | null;
  qosManagement: QosManagementSettings;
  projectDirectoryEnabled: boolean;
  periodicLimits: PeriodicLimitsSettings;
  ldapConfigured: boolean;
  enableUserHomedirAccountCreation: boolean;
  defaultHomedirUmask: string;
  homedirBasePath: string | null;
  softDelete: boolean;
  checkBackendIdUniqueness: boolean;
  checkAllOfferings: boolean;
  backendIdMaxRetries: number;
}

export type AccountingType = 'usage' | 'limit' | 'one';

export interface BackendComponent {
  accountingType: AccountingType;
  unitFactor: number;
  measuredUnit: string;
  label: string;
  /** Default cap of usage-type components (Waldur units). */
  limit: number | null;
}

/** Component name (SLURM TRES, e.g. "cpu", "mem", "gres/gpu") → settings, in configuration order. */
export type BackendComponents = Map<string, BackendComponent>;

const componentSchema = z.looseObject({
  accounting_type: z.enum(['usage', 'limit', 'one']),
  unit_factor: z.number().default(1),
  measured_unit: z.string().default(''),
  label: z.string().default(''),
  limit: z.number().nullish(),
});

function configError(what: string, error: z.ZodError): BackendError {
  const details = error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return new BackendError(`Invalid SLURM ${what}: ${details}`, 'ERR_BACKEND_CONFIG', { cause: error });
}

/** Validates `backend_settings`; throws BackendError ERR_BACKEND_CONFIG naming the bad key. */
export function parseSlurmSettings(raw: unknown): SlurmSettings {
  const parsed = slurmBackendSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw configError('backend_settings', parsed.error);
  const s = parsed.data;
  if (s.execution_mode === 'rest') {
    throw new BackendError(
      'Invalid SLURM backend_settings: execution_mode "rest" (slurmrestd) is not supported by this agent; use "cli"',
      'ERR_BACKEND_CONFIG',
    );
  }
  const qm = s.qos_management ?? qosManagementSchema.parse({});
  const qosManagement: QosManagementSettings = {
    enabled: qm.enabled,
    skipQosSwap: qm.skip_qos_swap,
    applyLimitsToQos: qm.apply_limits_to_qos,
    flags: qm.flags,
    grpTres: qm.grp_tres ?? null,
    maxJobs: qm.max_jobs ?? null,
    maxSubmit: qm.max_submit ?? null,
    maxWall: qm.max_wall === null || qm.max_wall === undefined ? null : String(qm.max_wall),
    minTresPerJob: qm.min_tres_per_job ?? null,
    additionalQos: qm.additional_qos ?? [],
  };
  // Same invariants as the real backend's _validate_qos_management_runtime_flags.
  if (qosManagement.applyLimitsToQos) {
    throw new BackendError(
      'Invalid SLURM backend_settings: qos_management.apply_limits_to_qos is not supported by this agent',
      'ERR_BACKEND_CONFIG',
    );
  }
  if (qosManagement.skipQosSwap && (s.qos_paused !== null || s.qos_downscaled !== null)) {
    throw new BackendError(
      'Invalid SLURM backend_settings: qos_management.skip_qos_swap is set but qos_paused/qos_downscaled are also set',
      'ERR_BACKEND_CONFIG',
    );
  }
  if (
    qosManagement.skipQosSwap &&
    s.qos_default !== null &&
    s.qos_default !== undefined &&
    s.qos_default !== ''
  ) {
    throw new BackendError(
      'Invalid SLURM backend_settings: qos_management.skip_qos_swap is set but qos_default is also set',
      'ERR_BACKEND_CONFIG',
    );
  }
  const pl = s.periodic_limits ?? periodicLimitsSchema.parse({});
  return {
    defaultAccount: s.default_account,
    customerPrefix: s.customer_prefix,
    projectPrefix: s.project_prefix,
    allocationPrefix: s.allocation_prefix,
    defaultAccountPolicy: s.default_account_policy,
    rootAccount: s.root_account ?? (s.default_account === '' ? 'root' : s.default_account),
    parentAccount: s.parent_account,
    clusterName: s.cluster_name,
    slurmBinPath: s.slurm_bin_path,
    defaultPartition: s.default_partition,
    enforceOfferingPartitions: s.enforce_offering_partitions,
    qosDefault:
      s.qos_default === null || s.qos_default === undefined || s.qos_default === ''
        ? 'normal'
        : s.qos_default,
    qosPaused: s.qos_paused,
    qosDownscaled: s.qos_downscaled,
    qosEnforcementEnabled: s.qos_enforcement_enabled,
    enforceOfferingQos: s.enforce_offering_qos ?? null,
    qosManagement,
    projectDirectoryEnabled: s.project_directory?.enabled ?? false,
    periodicLimits: {
      enabled: pl.enabled,
      emulatorMode: pl.emulator_mode,
      emulatorBaseUrl: pl.emulator_base_url,
      limitType: pl.limit_type ?? null,
    },
    ldapConfigured: s.ldap !== undefined && s.ldap !== null && s.ldap !== false,
    enableUserHomedirAccountCreation: s.enable_user_homedir_account_creation,
    defaultHomedirUmask: String(s.default_homedir_umask),
    homedirBasePath: s.homedir_base_path,
    softDelete: s.soft_delete,
    checkBackendIdUniqueness: s.check_backend_id_uniqueness,
    checkAllOfferings: s.check_all_offerings,
    backendIdMaxRetries: s.backend_id_max_retries,
  };
}

/** Validates `backend_components`; throws BackendError ERR_BACKEND_CONFIG naming the bad component key. */
export function parseBackendComponents(raw: unknown): BackendComponents {
  const parsed = z.record(z.string(), componentSchema).safeParse(raw ?? {});
  if (!parsed.success) throw configError('backend_components', parsed.error);
  const out: BackendComponents = new Map();
  for (const [name, c] of Object.entries(parsed.data)) {
    out.set(name, {
      accountingType: c.accounting_type,
      unitFactor: c.unit_factor,
      measuredUnit: c.measured_unit,
      label: c.label,
      limit: c.limit ?? null,
    });
  }
  return out;
}
