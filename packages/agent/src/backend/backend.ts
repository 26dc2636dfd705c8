// The seam between Waldur-side processors and a resource manager (SLURM today). Processors speak Waldur
// units and Waldur objects; a backend turns them into site commands. Everything here is types plus re-exports
// so processors import one module.
import type { Logger } from 'pino';
import type { CommandRunner } from './command-runner.js';

/** What the processors know about a Waldur resource (marketplace-provider-resources + order). */
export interface ResourceSpec {
  uuid: string;
  name: string;
  slug: string;
  backendId: string | null;
  projectUuid: string;
  projectSlug: string;
  projectName: string;
  customerUuid: string;
  customerSlug: string;
  customerName: string;
  offeringUuid: string;
  offeringPluginOptions: Record<string, unknown>;
  /** Waldur units (order/resource limits). */
  limits: Record<string, number>;
  createdAt?: string;
  endDate?: string | null;
  restrictMemberAccess?: boolean;
  paused?: boolean;
  downscaled?: boolean;
  /** Resource `attributes` from Waldur (SLURM reads `qos` and `partition` chosen at order time). */
  attributes?: Record<string, unknown>;
}

export interface BackendResourceInfo {
  backendId: string;
  /** Waldur units. */
  limits: Record<string, number>;
  users: string[];
  /** Only when pulled with `{ withUsage: true }`: account → user (or TOTAL_ACCOUNT_USAGE) → component → Waldur units. */
  usage?: UsageReport[string];
}

/** account → user (plus "TOTAL_ACCOUNT_USAGE") → component → amount in Waldur units (2 decimals). */
export type UsageReport = Record<string, Record<string, Record<string, number>>>;

export const TOTAL_ACCOUNT_USAGE = 'TOTAL_ACCOUNT_USAGE';

export interface AddUserOptions {
  /** QoS the user selected at order time (resource attributes.qos); used only when QoS is enforced. */
  qos?: string | null;
  /** Partition the user selected at order time (resource attributes.partition). */
  partition?: string | null;
}

/** Offering data the processors fetch from Waldur and hand to the backend (partitions, plugin options). */
export interface OfferingContext {
  /** Offering partition names (OfferingPartition.partition_name). */
  partitions?: string[];
  /** Offering plugin_options (SLURM reads `enforce_qos`). */
  pluginOptions?: Record<string, unknown>;
}

export interface BackendAccount {
  backendId: string;
  /** SLURM organization (project id for allocations). */
  parentId: string;
  description: string;
}

export interface CreatedResource {
  backendId: string;
  /** Waldur units: requested limits plus usage-component defaults (what to POST to set_limits). */
  limits: Record<string, number>;
}

export type PendingOrderDecision = 'accept' | 'reject' | 'pending';

export interface PeriodicSettingsResult {
  success: boolean;
  commandsExecuted: string[];
  errorMessage: string;
}

export interface CreateResourceContext {
  /** Usernames of the team's offering users (used for post-create steps such as home dirs). */
  usernames: string[];
  /**
   * Optional Waldur-side uniqueness check (`check_unique_backend_id`), used when the backend setting
   * `check_backend_id_uniqueness` is true. Resolves true when the id is free.
   */
  isBackendIdUnique?: (backendId: string) => Promise<boolean>;
  /**
   * Called once the backend found `backendId` free, right before the command that creates it. Must durably record
   * the intent (crash safety: a redelivered order then adopts this account instead of creating another). Resolving
   * false means another resource reserved the id: the backend treats it as taken (DuplicateResourceError).
   */
  claimBackendId?: (backendId: string) => Promise<boolean>;
  /**
   * createResourceWithId only: when the account already exists, finish its set-up (tree, limits, post-create steps)
   * instead of throwing DuplicateResourceError. Used to adopt an account this agent created before a crash.
   */
  adoptExisting?: boolean;
}

export interface Backend {
  /** e.g. 'slurm' — reported to Waldur in register_processor. */
  readonly backendType: string;
  /** Waldur resource states this backend syncs (['OK', 'Erred']). */
  readonly handledResourceStates: readonly string[];
  ping(): Promise<boolean>;
  version(): Promise<string>;
  evaluatePendingOrder(order: { uuid: string; type: string }): Promise<PendingOrderDecision>;
  /** null when the account does not exist; command failures throw BackendError. */
  pullResource(backendId: string, opts?: { withUsage?: boolean }): Promise<BackendResourceInfo | null>;
  /** Pre-create tree, create with a generated id, retrying on DuplicateResourceError. */
  createResource(spec: ResourceSpec, ctx: CreateResourceContext): Promise<CreatedResource>;
  /** Create (or re-create, for restore) with a fixed id. */
  createResourceWithId(
    spec: ResourceSpec,
    backendId: string,
    ctx: CreateResourceContext,
  ): Promise<CreatedResource>;
  /** Only for backends whose createResourceWithId does not run it itself (SLURM runs it inside). */
  postCreateResource?(spec: ResourceSpec, backendId: string, usernames: string[]): Promise<void>;
  /** Waldur units in. */
  setResourceLimits(backendId: string, limits: Record<string, number>): Promise<void>;
  /** Waldur units out. */
  getResourceLimits(backendId: string): Promise<Record<string, number>>;
  deleteResource(backendId: string, opts: { projectSlug: string }): Promise<void>;
  /** false when the association could not be created (logged) or the username is blank. */
  addUser(backendId: string, username: string, opts?: AddUserOptions): Promise<boolean>;
  removeUser(backendId: string, username: string): Promise<boolean>;
  listResourceUsers(backendId: string): Promise<string[]>;
  pauseResource(backendId: string): Promise<boolean>;
  downscaleResource(backendId: string): Promise<boolean>;
  restoreResource(backendId: string): Promise<boolean>;
  /** `{ qos }` for set_backend_metadata. */
  getResourceMetadata(backendId: string): Promise<Record<string, unknown>>;
  /** Reparent the allocation's project/customer accounts if Waldur moved the project. */
  syncResourceProject(spec: ResourceSpec): Promise<void>;
  applyPeriodicSettings(
    backendId: string,
    settings: Record<string, unknown>,
  ): Promise<PeriodicSettingsResult>;
  updateUserAttributes?(username: string, attributes: Record<string, unknown>): Promise<void>;
  /** Partitions / plugin options of the offering (call before membership or order processing). */
  configureOffering?(offering: OfferingContext): void;
  /** Home directories for users just added or already present (add_users_to_resource, process_existing_users). */
  createUserHomedirs?(usernames: string[]): Promise<void>;
  /** All backend accounts (for importable resources). */
  listResources?(): Promise<BackendAccount[]>;
  /** Usage per account/user in Waldur units for a billing month (default: current month). */
  getUsageReport?(backendIds: string[], period?: { year: number; month: number }): Promise<UsageReport>;
  /** Per-user limits, Waldur units. */
  getResourceUserLimits?(backendId: string): Promise<Record<string, Record<string, number>>>;
  setResourceUserLimits?(backendId: string, username: string, limits: Record<string, number>): Promise<void>;
}

/** Logger the backends use (a pino logger or child). */
export type BackendLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface BackendDeps {
  /** Defaults to the real execFile runner. */
  runner?: CommandRunner;
  log: BackendLogger;
  /** Clock (usage-report month). Default () => new Date(). */
  now?: () => Date;
  /** IANA time zone for billing months (top-level `timezone`, default UTC). */
  timezone?: string;
  /** Existence check for home directories. Default: node:fs access. */
  pathExists?: (path: string) => Promise<boolean>;
  /** HTTP for `periodic_limits.emulator_mode`. Default: global fetch. */
  fetch?: typeof fetch;
}

export type { CommandRunner, CommandResult, CommandRunOptions } from './command-runner.js';
export { ExecFileCommandRunner } from './command-runner.js';
export { RecordingCommandRunner, type CommandMatcher, type CommandReply } from './recording-runner.js';
export {
  BackendError,
  DuplicateResourceError,
  BackendNotReadyError,
  BackendUnavailableError,
  isBackendError,
  type BackendErrorCode,
} from './errors.js';
export { createBackend, SUPPORTED_BACKEND_TYPES } from './create-backend.js';
