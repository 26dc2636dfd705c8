// The SLURM backend: Waldur resources ⇄ the sacctmgr account tree root → customer → project → allocation
// (docs/slurm.md#account-naming–docs/slurm.md#lifecycle-sequences). Every sequence (existence check before add, pre-delete cleanup, QoS swaps,
// periodic-settings diffing) mirrors the real agent so both produce the same command stream.
import { access } from 'node:fs/promises';
import type {
  AddUserOptions,
  Backend,
  BackendAccount,
  BackendDeps,
  BackendLogger,
  BackendResourceInfo,
  CreateResourceContext,
  CreatedResource,
  OfferingContext,
  PendingOrderDecision,
  PeriodicSettingsResult,
  ResourceSpec,
  UsageReport,
} from '../backend/backend.js';
import { TOTAL_ACCOUNT_USAGE } from '../backend/backend.js';
import { ExecFileCommandRunner } from '../backend/command-runner.js';
import { BackendError, BackendUnavailableError, DuplicateResourceError } from '../backend/errors.js';
import {
  allocationAccountId,
  allocationBaseSlug,
  customerAccountId,
  projectAccountId,
  usesProjectSlugPolicy,
} from './account-naming.js';
import { currentMonthPeriod, monthPeriod } from './month-period.js';
import { SlurmClient } from './slurm-client.js';
import {
  collectResourceLimits,
  slurmLimitsToWaldur,
  slurmUsageToWaldur,
  waldurToSlurmLimits,
} from './slurm-limits.js';
import { sumDicts } from './slurm-parser.js';
import {
  type BackendComponents,
  type SlurmSettings,
  parseBackendComponents,
  parseSlurmSettings,
} from './slurm-settings.js';

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function defaultPathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export class SlurmBackend implements Backend {
  readonly backendType = 'slurm';
  readonly handledResourceStates: readonly string[] = ['OK', 'Erred'];
  readonly settings: SlurmSettings;
  readonly components: BackendComponents;
  readonly client: SlurmClient;
  private readonly log: BackendLogger;
  private readonly now: () => Date;
  private readonly timezone: string;
  private readonly pathExists: (path: string) => Promise<boolean>;
  private readonly fetchImpl: typeof fetch;
  private offeringPartitions: string[] = [];
  private offeringEnforceQos = false;
  /** QoS last written/read by pause/downscale/restore, consumed by getResourceMetadata (per account). */
  private readonly lastQos = new Map<string, string>();

  constructor(settings: unknown, components: unknown, deps: BackendDeps) {
    this.settings = parseSlurmSettings(settings);
    this.components = parseBackendComponents(components);
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
    this.timezone = deps.timezone ?? 'UTC';
    this.pathExists = deps.pathExists ?? defaultPathExists;
    this.fetchImpl = deps.fetch ?? fetch;
    this.client = new SlurmClient({
      runner: deps.runner ?? new ExecFileCommandRunner(),
      log: deps.log,
      slurmBinPath: this.settings.slurmBinPath,
      clusterName: this.settings.clusterName,
      components: this.components.keys(),
    });
    if (this.settings.ldapConfigured)
      this.log.warn('SLURM backend_settings.ldap is not supported by this agent; ignored');
    if (this.settings.projectDirectoryEnabled) {
      this.log.warn('SLURM backend_settings.project_directory is not supported by this agent; ignored');
    }
  }

  // ----- offering context -----

  configureOffering(offering: OfferingContext): void {
    if (offering.partitions !== undefined) this.offeringPartitions = [...offering.partitions];
    if (offering.pluginOptions !== undefined)
      this.offeringEnforceQos = offering.pluginOptions.enforce_qos === true;
  }

  /** Opt-in locally (qos_enforcement_enabled), then enforce_offering_qos override, else plugin_options.enforce_qos. */
  qosEnforced(): boolean {
    if (!this.settings.qosEnforcementEnabled) return false;
    return this.settings.enforceOfferingQos ?? this.offeringEnforceQos;
  }

  // ----- health -----

  async ping(): Promise<boolean> {
    try {
      await this.client.listResources();
      return true;
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      this.log.info({ err: err.message }, 'SLURM ping failed');
      return false;
    }
  }

  version(): Promise<string> {
    return this.client.getVersion();
  }

  validateSlurmBinary(): Promise<boolean> {
    return this.client.validateSlurmBinary();
  }

  evaluatePendingOrder(_order: { uuid: string; type: string }): Promise<PendingOrderDecision> {
    return Promise.resolve('accept');
  }

  // ----- reading -----

  async listResources(): Promise<BackendAccount[]> {
    const accounts = await this.client.listResources();
    return accounts.map((a) => ({ backendId: a.name, parentId: a.organization, description: a.description }));
  }

  async pullResource(
    backendId: string,
    opts: { withUsage?: boolean } = {},
  ): Promise<BackendResourceInfo | null> {
    if (backendId.trim() === '') {
      this.log.warn('Backend ID is missing; nothing to pull');
      return null;
    }
    const account = await this.client.getResource(backendId);
    if (account === null) {
      this.log.warn({ backendId }, 'There is no resource with this ID in the backend');
      return null;
    }
    const users = await this.client.listResourceUsers(backendId);
    const limits = await this.getResourceLimits(backendId);
    const info: BackendResourceInfo = { backendId, limits, users };
    if (opts.withUsage === true) {
      const report = await this.getUsageReport([backendId]);
      info.usage = report[backendId] ?? {
        [TOTAL_ACCOUNT_USAGE]: Object.fromEntries([...this.components.keys()].map((k) => [k, 0])),
      };
    }
    return info;
  }

  async getResourceLimits(backendId: string): Promise<Record<string, number>> {
    return slurmLimitsToWaldur(this.components, await this.client.getResourceLimits(backendId));
  }

  listResourceUsers(backendId: string): Promise<string[]> {
    return this.client.listResourceUsers(backendId);
  }

  async getResourceUserLimits(backendId: string): Promise<Record<string, Record<string, number>>> {
    const raw = await this.client.getResourceUserLimits(backendId);
    const out: Record<string, Record<string, number>> = {};
    for (const [user, limits] of Object.entries(raw))
      out[user] = slurmLimitsToWaldur(this.components, limits);
    return out;
  }

  async setResourceUserLimits(
    backendId: string,
    username: string,
    limits: Record<string, number>,
  ): Promise<void> {
    this.log.info({ backendId, username, limits }, 'Setting user limits');
    await this.client.setResourceUserLimits(
      backendId,
      username,
      waldurToSlurmLimits(this.components, limits),
    );
  }

  async getUsageReport(backendIds: string[], period?: { year: number; month: number }): Promise<UsageReport> {
    const window =
      period === undefined
        ? currentMonthPeriod(this.now(), this.timezone)
        : monthPeriod(period.year, period.month);
    const lines = await this.client.getUsageReport(backendIds, window);
    const raw: UsageReport = {};
    for (const line of lines) {
      const account = (raw[line.account] ??= {});
      account[line.user] = sumDicts([account[line.user] ?? {}, line.tresUsage]);
    }
    const report: UsageReport = {};
    for (const [account, perUser] of Object.entries(raw)) {
      perUser[TOTAL_ACCOUNT_USAGE] = sumDicts(Object.values(perUser));
      const converted: Record<string, Record<string, number>> = {};
      for (const [user, usage] of Object.entries(perUser))
        converted[user] = slurmUsageToWaldur(this.components, usage);
      report[account] = converted;
    }
    return report;
  }

  // ----- creation -----

  /** Generates the allocation id and retries with `<project_slug>-<n>` on duplicates (docs/slurm.md#account-naming). */
  async createResource(spec: ResourceSpec, ctx: CreateResourceContext): Promise<CreatedResource> {
    const retryable =
      usesProjectSlugPolicy(spec.offeringPluginOptions) || this.settings.checkBackendIdUniqueness;
    const attempts = retryable ? this.settings.backendIdMaxRetries : 1;
    const tried: string[] = [];
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const base = attempt === 0 ? allocationBaseSlug(spec) : `${spec.projectSlug}-${attempt}`;
      const backendId = allocationAccountId(this.settings, base);
      tried.push(backendId);
      if (this.settings.checkBackendIdUniqueness && ctx.isBackendIdUnique !== undefined) {
        if (!(await ctx.isBackendIdUnique(backendId))) {
          this.log.info({ backendId }, 'Backend id is already used in Waldur; trying another');
          continue;
        }
      }
      try {
        return await this.createResourceWithId(spec, backendId, ctx);
      } catch (err) {
        if (!(err instanceof DuplicateResourceError)) throw err;
        this.log.info({ backendId }, 'Account already exists in SLURM; trying another id');
      }
    }
    throw new BackendError(
      `Unable to find a free backend id for resource ${spec.uuid} after ${attempts} attempt(s): ${tried.join(', ')}`,
      'ERR_DUPLICATE_RESOURCE',
    );
  }

  async createResourceWithId(
    spec: ResourceSpec,
    backendId: string,
    ctx: CreateResourceContext,
  ): Promise<CreatedResource> {
    this.log.info({ backendId, resource: spec.uuid }, 'Creating SLURM allocation');
    await this.preCreateResource(spec, backendId);
    const projectId = projectAccountId(this.settings, spec.projectSlug);
    if ((await this.client.getResource(backendId)) === null) {
      if (ctx.claimBackendId !== undefined && !(await ctx.claimBackendId(backendId))) {
        this.log.info({ backendId }, 'Backend id is reserved for another resource; not creating it');
        throw new DuplicateResourceError(backendId);
      }
      await this.client.createResource(backendId, spec.name, projectId, projectId);
    } else if (ctx.adoptExisting === true) {
      this.log.info(
        { backendId, resource: spec.uuid },
        'Allocation account already exists; adopting it and finishing its set-up',
      );
    } else {
      this.log.info({ account: backendId }, 'Account already exists in the cluster');
      throw new DuplicateResourceError(backendId);
    }
    const limits = await this.setupResourceLimits(backendId, spec);
    await this.postCreate(backendId, ctx.usernames);
    return { backendId, limits };
  }

  /** `show account` then `add account` only when absent; false when it already existed. */
  private async createBackendAccount(
    id: string,
    name: string,
    organization: string,
    parent: string | null,
  ): Promise<boolean> {
    if ((await this.client.getResource(id)) === null) {
      await this.client.createResource(id, name, organization, parent);
      return true;
    }
    this.log.info({ account: id }, 'Account already exists in the cluster');
    return false;
  }

  private async preCreateResource(spec: ResourceSpec, allocationId: string): Promise<void> {
    if (spec.customerSlug === '' || spec.projectSlug === '') {
      throw new BackendError(
        `Resource ${spec.uuid} has unset or missing slug fields. customer_slug: ${spec.customerSlug}, ` +
          `project_slug: ${spec.projectSlug}. Cannot create backend resources with invalid slug values.`,
      );
    }
    const projectId = projectAccountId(this.settings, spec.projectSlug);
    if (this.settings.parentAccount !== null) {
      await this.createBackendAccount(projectId, spec.projectName, projectId, this.settings.parentAccount);
    } else {
      const customerId = customerAccountId(this.settings, spec.customerSlug);
      await this.createBackendAccount(customerId, spec.customerName, customerId, this.settings.rootAccount);
      await this.createBackendAccount(projectId, spec.projectName, projectId, customerId);
    }
    const qm = this.settings.qosManagement;
    if (qm.enabled) {
      if (qm.skipQosSwap) await this.createAccountQos(allocationId);
      else if (await this.createAccountQos(allocationId)) await this.attachAccountQos(allocationId);
    }
  }

  private async createAccountQos(name: string): Promise<boolean> {
    if (await this.client.qosExists(name)) {
      this.log.info({ qos: name }, 'QoS already exists, skipping creation');
      return false;
    }
    const qm = this.settings.qosManagement;
    await this.client.createQos({
      name,
      flags: qm.flags,
      grpTres: qm.grpTres,
      maxJobs: qm.maxJobs,
      maxSubmit: qm.maxSubmit,
      maxWall: qm.maxWall,
      minTresPerJob: qm.minTresPerJob,
    });
    return true;
  }

  private async attachAccountQos(account: string): Promise<void> {
    await this.client.addAccountQos(account, account);
    await this.client.setAccountDefaultQos(account, account);
    for (const qos of this.settings.qosManagement.additionalQos)
      await this.client.addAccountQos(account, qos);
  }

  private async setupResourceLimits(backendId: string, spec: ResourceSpec): Promise<Record<string, number>> {
    let knownTres: string[] | null;
    try {
      knownTres = await this.client.listTres();
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'Unable to list TRES; not filtering limit keys');
      knownTres = null;
    }
    const collected = collectResourceLimits(
      this.components,
      { limits: spec.limits, createdAt: spec.createdAt ?? null, endDate: spec.endDate ?? null },
      knownTres,
    );
    if (collected.droppedKeys.length > 0) {
      this.log.warn({ dropped: collected.droppedKeys }, 'Dropping unknown TRES keys from allocation limits');
    }
    if (Object.keys(collected.backendLimits).length === 0) {
      this.log.info({ backendId }, 'Skipping setting of limits');
      return {};
    }
    this.log.info({ backendId, limits: collected.backendLimits }, 'Setting resource backend limits');
    await this.client.setResourceLimits(backendId, collected.backendLimits);
    return collected.waldurLimits;
  }

  private async postCreate(backendId: string, usernames: readonly string[]): Promise<void> {
    const qm = this.settings.qosManagement;
    if (qm.enabled && qm.skipQosSwap) await this.attachAccountQos(backendId);
    if (this.settings.enableUserHomedirAccountCreation && usernames.length > 0) {
      await this.createUserHomedirs([...new Set(usernames.filter((u) => u !== ''))]);
    }
  }

  /** `/sbin/mkhomedir_helper <u> <umask>` per user, skipped when homedir_base_path/<u> exists; failures logged. */
  async createUserHomedirs(
    usernames: string[],
    umask: string = this.settings.defaultHomedirUmask,
  ): Promise<void> {
    if (!this.settings.enableUserHomedirAccountCreation) return;
    for (const username of usernames) {
      const base = this.settings.homedirBasePath;
      if (base !== null && (await this.pathExists(`${base.replace(/\/+$/, '')}/${username}`))) {
        this.log.debug({ username }, 'Home directory already exists');
        continue;
      }
      try {
        await this.client.createLinuxUserHomedir(username, umask);
        this.log.info({ username }, 'Home directory created');
      } catch (err) {
        if (!(err instanceof BackendError)) throw err;
        this.log.error({ username, err: err.message }, 'Unable to create user home directory');
      }
    }
  }

  // ----- limits -----

  async setResourceLimits(backendId: string, limits: Record<string, number>): Promise<void> {
    const converted = waldurToSlurmLimits(this.components, limits);
    if (Object.keys(converted).length === 0) {
      this.log.info({ backendId }, 'No limits to set');
      return;
    }
    await this.client.setResourceLimits(backendId, converted);
  }

  // ----- deletion -----

  async deleteResource(backendId: string, opts: { projectSlug: string }): Promise<void> {
    if (backendId.trim() === '') {
      this.log.warn('Empty backend_id for resource, skipping deletion');
      return;
    }
    if ((await this.client.getResource(backendId)) === null) {
      this.log.warn({ backendId }, 'No such account in SLURM; nothing to delete');
      return;
    }
    if (this.settings.softDelete) {
      const zero = Object.fromEntries([...this.components.keys()].map((k) => [k, 0]));
      this.log.info({ backendId }, 'Soft delete: setting all limits to 0');
      if (Object.keys(zero).length > 0) await this.client.setResourceLimits(backendId, zero);
      return;
    }
    await this.preDeleteResource(backendId);
    await this.deleteAccountSafely(backendId);
    if (opts.projectSlug !== '') {
      const projectId = projectAccountId(this.settings, opts.projectSlug);
      const siblings = (await this.client.listResources()).filter(
        (a) => a.organization === projectId && a.name !== projectId,
      );
      if (siblings.length === 0) await this.deleteAccountSafely(projectId);
    }
  }

  private async preDeleteResource(backendId: string): Promise<void> {
    if (await this.client.accountHasUsers(backendId)) {
      this.log.info({ backendId }, 'Cancelling all active jobs and removing all users');
      await this.client.cancelActiveUserJobs(backendId);
      await this.client.deleteAllUsersFromAccount(backendId);
    }
    if (this.settings.qosManagement.enabled && (await this.client.qosExists(backendId))) {
      try {
        await this.client.deleteQos(backendId);
      } catch (err) {
        if (!(err instanceof BackendError)) throw err;
        this.log.error({ qos: backendId, err: err.message }, 'Failed to delete QoS');
      }
    }
  }

  private async deleteAccountSafely(id: string): Promise<void> {
    if ((await this.client.getResource(id)) !== null) {
      this.log.info({ account: id }, 'Deleting account');
      await this.client.deleteResource(id);
    } else {
      this.log.warn({ account: id }, 'No such account in SLURM');
    }
  }

  // ----- membership -----

  async addUser(backendId: string, username: string, opts: AddUserOptions = {}): Promise<boolean> {
    if (backendId.trim() === '') throw new BackendError('Empty backend ID for resource');
    if (username === '') {
      this.log.warn({ backendId }, 'Username is blank, skipping creation of association');
      return false;
    }
    if ((await this.client.getAssociation(username, backendId)) !== null) {
      this.log.info({ backendId, username }, 'Association already exists, skipping creation');
      return true;
    }
    const s = this.settings;
    const defaultAccount =
      s.defaultAccountPolicy === 'individual'
        ? backendId
        : s.defaultAccountPolicy === 'none'
          ? null
          : s.defaultAccount;
    const enforcedPartitions = s.enforceOfferingPartitions && this.offeringPartitions.length > 0;
    try {
      const selectedQos = opts.qos ?? null;
      if (this.qosEnforced() && selectedQos !== null && selectedQos !== '') {
        const selectedPartition = opts.partition ?? null;
        const partitions =
          selectedPartition !== null && selectedPartition !== ''
            ? [selectedPartition]
            : enforcedPartitions
              ? this.offeringPartitions
              : s.defaultPartition !== null
                ? [s.defaultPartition]
                : null;
        await this.client.createAssociationWithQos(
          username,
          backendId,
          [selectedQos],
          selectedQos,
          partitions,
          defaultAccount,
        );
      } else if (enforcedPartitions) {
        await this.client.createAssociationWithPartitions(
          username,
          backendId,
          this.offeringPartitions,
          defaultAccount,
        );
      } else if (s.defaultPartition !== null) {
        await this.client.createAssociationWithPartition(
          username,
          backendId,
          s.defaultPartition,
          defaultAccount,
        );
      } else {
        await this.client.createAssociation(username, backendId, defaultAccount);
      }
    } catch (err) {
      if (!(err instanceof BackendError) || err instanceof BackendUnavailableError) throw err;
      this.log.error({ backendId, username, err: err.message }, 'Unable to create association on backend');
      return false;
    }
    this.log.info({ backendId, username }, 'Created association');
    return true;
  }

  /** Existing association ⇒ `id -u`, job listing, `scancel` if any, then `remove user`. Failures throw. */
  async removeUser(backendId: string, username: string): Promise<boolean> {
    if (backendId.trim() === '') throw new BackendError('Empty resource backend ID');
    if ((await this.client.getAssociation(username, backendId)) === null) return true;
    this.log.info({ backendId, username }, 'Deleting association');
    await this.preDeleteUserActions(backendId, username);
    await this.client.deleteAssociation(username, backendId);
    return true;
  }

  private async preDeleteUserActions(backendId: string, username: string): Promise<void> {
    if (!(await this.client.checkUserExists(username))) {
      this.log.info({ username }, 'The user does not exist in the cluster, skipping job cancellation');
      return;
    }
    const jobs = await this.client.listActiveUserJobs(backendId, username);
    if (jobs.length > 0) {
      this.log.info({ backendId, username, jobs }, 'Cancelling active jobs');
      await this.client.cancelActiveUserJobs(backendId, username);
    }
  }

  // ----- status (QoS) -----

  private useGrpSubmitJobsLever(): boolean {
    return this.qosEnforced() || this.settings.qosManagement.skipQosSwap;
  }

  private async setQos(
    backendId: string,
    target: string | null,
    what: 'paused' | 'downscaled',
  ): Promise<boolean> {
    if (this.useGrpSubmitJobsLever()) {
      this.log.info({ backendId }, `Setting account ${what} via GrpSubmitJobs=0`);
      await this.client.setAccountGrpSubmitJobs(backendId, 0);
      return true;
    }
    if (target === null) {
      this.log.error(
        `The QoS for ${what === 'paused' ? 'pausing' : 'downscaling'} is not configured, skipping operation`,
      );
      return false;
    }
    const current = await this.client.getCurrentAccountQos(backendId);
    if (current !== target) {
      this.log.info({ backendId, from: current, to: target }, 'Setting QoS for the SLURM account');
      await this.client.setAccountQos(backendId, target);
    }
    this.lastQos.set(backendId, target);
    return true;
  }

  pauseResource(backendId: string): Promise<boolean> {
    return this.setQos(backendId, this.settings.qosPaused, 'paused');
  }

  downscaleResource(backendId: string): Promise<boolean> {
    return this.setQos(backendId, this.settings.qosDownscaled, 'downscaled');
  }

  /** Writes qos_default unless the account is known to have it already (then false: "Restoring is skipped"). */
  async restoreResource(backendId: string): Promise<boolean> {
    if (this.useGrpSubmitJobsLever()) {
      await this.client.setAccountGrpSubmitJobs(backendId, -1);
      return true;
    }
    const current = await this.client.getCurrentAccountQos(backendId);
    const target = this.settings.qosDefault;
    if (current !== '' && current === target) {
      this.log.info(
        { backendId, qos: current },
        'The account already has the default QoS; restoring is skipped',
      );
      this.lastQos.set(backendId, current);
      return false;
    }
    await this.client.setAccountQos(backendId, target);
    this.lastQos.set(backendId, target);
    return true;
  }

  async getResourceMetadata(backendId: string): Promise<Record<string, unknown>> {
    const cached = this.lastQos.get(backendId);
    if (cached !== undefined) {
      this.lastQos.delete(backendId);
      return { qos: cached };
    }
    return { qos: await this.client.getCurrentAccountQos(backendId) };
  }

  // ----- hierarchy sync -----

  /** Reparents the project account when Waldur moved the project to another customer (errors logged, not thrown). */
  async syncResourceProject(spec: ResourceSpec): Promise<void> {
    const log = this.log;
    if (this.settings.parentAccount !== null) {
      log.debug({ backendId: spec.backendId }, 'sync_resource_project: flat hierarchy, skipping');
      return;
    }
    if (spec.customerSlug === '' || spec.projectSlug === '') {
      log.warn({ backendId: spec.backendId }, 'sync_resource_project: missing slug, skipping');
      return;
    }
    const projectId = projectAccountId(this.settings, spec.projectSlug);
    const customerId = customerAccountId(this.settings, spec.customerSlug);
    if (projectId === customerId) {
      log.warn({ projectId }, 'sync_resource_project: project and customer ids are identical, skipping');
      return;
    }
    const current = await this.client.getAccountParent(projectId);
    if (current === customerId) return;
    log.info(
      { projectId, current, expected: customerId },
      'sync_resource_project: reparenting project account',
    );
    try {
      await this.createBackendAccount(
        customerId,
        spec.customerName || customerId,
        customerId,
        this.settings.rootAccount,
      );
      await this.createBackendAccount(projectId, spec.projectName || projectId, projectId, customerId);
      await this.client.setAccountParent(projectId, customerId);
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      log.error(
        { projectId, err: err.message },
        'sync_resource_project: failed to create/reparent project account',
      );
      return;
    }
    try {
      const actual = await this.client.getAccountParent(projectId);
      if (actual !== customerId)
        log.warn({ projectId, actual }, 'sync_resource_project: reparent may have silently failed');
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      log.warn({ projectId }, 'sync_resource_project: could not verify parent after reparent attempt');
      return;
    }
    if (spec.backendId !== null && spec.backendId !== '')
      await this.reparentAllocationIfStale(spec.backendId, projectId);
  }

  private async reparentAllocationIfStale(backendId: string, projectId: string): Promise<void> {
    try {
      const parent = await this.client.getAccountParent(backendId);
      if (parent === projectId) return;
      await this.client.setAccountParent(backendId, projectId);
      const actual = await this.client.getAccountParent(backendId);
      if (actual !== projectId)
        this.log.warn({ backendId, actual }, 'sync_resource_project: allocation reparent may have failed');
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      this.log.error(
        { backendId, err: err.message },
        'sync_resource_project: failed to reparent allocation account',
      );
    }
  }

  // ----- periodic settings (docs/protocol.md#resource_periodic_limits) -----

  async applyPeriodicSettings(
    backendId: string,
    settings: Record<string, unknown>,
  ): Promise<PeriodicSettingsResult> {
    const config = this.settings.periodicLimits;
    if (!config.enabled) {
      this.log.warn('Periodic limits not enabled, skipping apply_periodic_settings');
      return { success: false, commandsExecuted: [], errorMessage: 'periodic_limits_not_enabled' };
    }
    if (config.emulatorMode) return this.applySettingsEmulator(backendId, settings, config.emulatorBaseUrl);
    return this.applySettingsProduction(backendId, settings, config.limitType);
  }

  private async applySettingsProduction(
    backendId: string,
    settings: Record<string, unknown>,
    configLimitType: string | null,
  ): Promise<PeriodicSettingsResult> {
    // A private client records only this call's commands (the real agent clears a shared list).
    const client = this.client.fork();
    try {
      const fairshare = settings.fairshare;
      if (isTruthy(fairshare)) {
        let current: number | null = null;
        try {
          current = await client.getAccountFairshare(backendId);
        } catch {
          current = null;
        }
        if (current === null || !sameNumber(current, fairshare)) {
          await client.setAccountFairshare(backendId, fairshare as number | string);
        }
      }
      const grp = settings.grp_tres_mins;
      const max = settings.max_tres_mins;
      if (isTruthy(grp) || isTruthy(max)) {
        const limitType =
          typeof settings.limit_type === 'string' ? settings.limit_type : (configLimitType ?? 'GrpTRESMins');
        const limits = (isTruthy(grp) ? grp : isTruthy(max) ? max : {}) as Record<string, unknown>;
        let changed: Record<string, unknown>;
        try {
          const current = (await client.getAccountLimits(backendId)) as Record<
            string,
            Record<string, string> | undefined
          >;
          const family = current[limitType] ?? {};
          changed = Object.fromEntries(
            Object.entries(limits).filter(([tres, value]) => (family[tres] ?? 'None') !== pyStr(value)),
          );
        } catch {
          changed = { ...limits };
        }
        if (Object.keys(changed).length > 0) await client.setAccountLimits(backendId, limitType, changed);
      }
      if (isTruthy(settings.reset_raw_usage)) await client.resetRawUsage(backendId);
      return { success: true, commandsExecuted: [...client.executedCommands], errorMessage: '' };
    } catch (err) {
      this.log.error({ backendId, err: errorMessage(err) }, 'Failed to apply settings to production SLURM');
      return {
        success: false,
        commandsExecuted: [...client.executedCommands],
        errorMessage: errorMessage(err),
      };
    }
  }

  private async applySettingsEmulator(
    backendId: string,
    settings: Record<string, unknown>,
    baseUrl: string,
  ): Promise<PeriodicSettingsResult> {
    const post = async (body: Record<string, unknown>): Promise<void> => {
      const res = await this.fetchImpl(`${baseUrl}/api/apply-periodic-settings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new BackendError(`Emulator returned HTTP ${res.status}`, 'ERR_BACKEND');
    };
    try {
      if (isTruthy(settings.fairshare)) await post({ resource_id: backendId, fairshare: settings.fairshare });
      if (isTruthy(settings.grp_tres_mins))
        await post({ resource_id: backendId, grp_tres_mins: settings.grp_tres_mins });
      if (isTruthy(settings.reset_raw_usage)) await post({ resource_id: backendId, reset_raw_usage: true });
      return { success: true, commandsExecuted: [], errorMessage: '' };
    } catch (err) {
      return { success: false, commandsExecuted: [], errorMessage: errorMessage(err) };
    }
  }
}

/** Python truthiness for JSON values. */
function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Python str() of a JSON scalar (ints without ".0"; what the real agent compares on). */
function pyStr(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function sameNumber(current: number, target: unknown): boolean {
  const t =
    typeof target === 'number'
      ? target
      : typeof target === 'string'
        ? Number.parseInt(target, 10)
        : Number.NaN;
  return Number.isFinite(t) && Math.trunc(t) === current;
}
