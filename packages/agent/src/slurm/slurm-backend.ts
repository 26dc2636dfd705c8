// The SLURM backend: Waldur resources ⇄ the sacctmgr account tree root → customer → project → allocation
// (docs/slurm.md#account-naming, docs/slurm.md#lifecycle-sequences). A facade over its parts — provisioning,
// membership, QoS status, hierarchy sync, periodic settings — which mirror the real agent's sequences so
// both produce the same command stream. Reading (pull, limits, usage) stays here.
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
import { BackendError } from '../backend/errors.js';
import { currentMonthPeriod, monthPeriod } from './month-period.js';
import { type SlurmBackendContext, qosEnforced } from './slurm-backend-context.js';
import { SlurmClient } from './slurm-client.js';
import { SlurmHierarchy } from './slurm-hierarchy.js';
import { slurmLimitsToWaldur, slurmUsageToWaldur, waldurToSlurmLimits } from './slurm-limits.js';
import { SlurmMembership } from './slurm-membership.js';
import { sumDicts } from './slurm-parser.js';
import { SlurmPeriodicSettings } from './slurm-periodic-settings.js';
import { SlurmProvisioning } from './slurm-provisioning.js';
import { SlurmQosStatus } from './slurm-qos-status.js';
import {
  type BackendComponents,
  type SlurmSettings,
  parseBackendComponents,
  parseSlurmSettings,
} from './slurm-settings.js';

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
  private readonly ctx: SlurmBackendContext;
  private readonly provisioning: SlurmProvisioning;
  private readonly membership: SlurmMembership;
  private readonly qosStatus: SlurmQosStatus;
  private readonly hierarchy: SlurmHierarchy;
  private readonly periodic: SlurmPeriodicSettings;

  constructor(settings: unknown, components: unknown, deps: BackendDeps) {
    this.settings = parseSlurmSettings(settings);
    this.components = parseBackendComponents(components);
    this.log = deps.log;
    this.now = deps.now ?? (() => new Date());
    this.timezone = deps.timezone ?? 'UTC';
    this.client = new SlurmClient({
      runner: deps.runner ?? new ExecFileCommandRunner(),
      log: deps.log,
      slurmBinPath: this.settings.slurmBinPath,
      clusterName: this.settings.clusterName,
      components: this.components.keys(),
    });
    this.ctx = {
      settings: this.settings,
      components: this.components,
      client: this.client,
      log: this.log,
      offering: { partitions: [], enforceQos: false },
      pathExists: deps.pathExists ?? defaultPathExists,
      fetch: deps.fetch ?? fetch,
    };
    this.provisioning = new SlurmProvisioning(this.ctx);
    this.membership = new SlurmMembership(this.ctx);
    this.qosStatus = new SlurmQosStatus(this.ctx);
    this.hierarchy = new SlurmHierarchy(this.ctx, this.provisioning);
    this.periodic = new SlurmPeriodicSettings(this.ctx);
    if (this.settings.ldapConfigured)
      this.log.warn('SLURM backend_settings.ldap is not supported by this agent; ignored');
    if (this.settings.projectDirectoryEnabled) {
      this.log.warn('SLURM backend_settings.project_directory is not supported by this agent; ignored');
    }
  }

  // ----- offering context -----

  configureOffering(offering: OfferingContext): void {
    if (offering.partitions !== undefined) this.ctx.offering.partitions = [...offering.partitions];
    if (offering.pluginOptions !== undefined)
      this.ctx.offering.enforceQos = offering.pluginOptions.enforce_qos === true;
  }

  qosEnforced(): boolean {
    return qosEnforced(this.ctx);
  }

  // ----- health -----

  async ping(): Promise<boolean> {
    try {
      await this.client.accounts.listResources();
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
    const accounts = await this.client.accounts.listResources();
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
    const account = await this.client.accounts.getResource(backendId);
    if (account === null) {
      this.log.warn({ backendId }, 'There is no resource with this ID in the backend');
      return null;
    }
    const users = await this.client.associations.listResourceUsers(backendId);
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
    return slurmLimitsToWaldur(this.components, await this.client.tresLimits.getResourceLimits(backendId));
  }

  listResourceUsers(backendId: string): Promise<string[]> {
    return this.client.associations.listResourceUsers(backendId);
  }

  async getResourceUserLimits(backendId: string): Promise<Record<string, Record<string, number>>> {
    const raw = await this.client.tresLimits.getResourceUserLimits(backendId);
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
    await this.client.tresLimits.setResourceUserLimits(
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
    const lines = await this.client.jobs.getUsageReport(backendIds, window);
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

  // ----- creation, limits, deletion -----

  createResource(spec: ResourceSpec, ctx: CreateResourceContext): Promise<CreatedResource> {
    return this.provisioning.createResource(spec, ctx);
  }

  createResourceWithId(
    spec: ResourceSpec,
    backendId: string,
    ctx: CreateResourceContext,
  ): Promise<CreatedResource> {
    return this.provisioning.createResourceWithId(spec, backendId, ctx);
  }

  createUserHomedirs(usernames: string[], umask?: string): Promise<void> {
    return this.provisioning.createUserHomedirs(usernames, umask);
  }

  setResourceLimits(backendId: string, limits: Record<string, number>): Promise<void> {
    return this.provisioning.setResourceLimits(backendId, limits);
  }

  deleteResource(backendId: string, opts: { projectSlug: string }): Promise<void> {
    return this.provisioning.deleteResource(backendId, opts);
  }

  // ----- membership -----

  addUser(backendId: string, username: string, opts: AddUserOptions = {}): Promise<boolean> {
    return this.membership.addUser(backendId, username, opts);
  }

  removeUser(backendId: string, username: string): Promise<boolean> {
    return this.membership.removeUser(backendId, username);
  }

  // ----- status (QoS) -----

  pauseResource(backendId: string): Promise<boolean> {
    return this.qosStatus.pauseResource(backendId);
  }

  downscaleResource(backendId: string): Promise<boolean> {
    return this.qosStatus.downscaleResource(backendId);
  }

  restoreResource(backendId: string): Promise<boolean> {
    return this.qosStatus.restoreResource(backendId);
  }

  getResourceMetadata(backendId: string): Promise<Record<string, unknown>> {
    return this.qosStatus.getResourceMetadata(backendId);
  }

  // ----- hierarchy, periodic settings -----

  syncResourceProject(spec: ResourceSpec): Promise<void> {
    return this.hierarchy.syncResourceProject(spec);
  }

  applyPeriodicSettings(
    backendId: string,
    settings: Record<string, unknown>,
  ): Promise<PeriodicSettingsResult> {
    return this.periodic.applyPeriodicSettings(backendId, settings);
  }
}
