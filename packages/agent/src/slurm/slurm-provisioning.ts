// Creating and deleting an allocation: the customer → project → allocation account chain with the real
// agent's existence checks, per-allocation QoS, limits, home directories, and the cleanup before removal
// (docs/slurm.md#account-naming, docs/slurm.md#lifecycle-sequences).
import type { CreateResourceContext, CreatedResource, ResourceSpec } from '../backend/backend.js';
import { BackendError, DuplicateResourceError } from '../backend/errors.js';
import {
  allocationAccountId,
  allocationBaseSlug,
  customerAccountId,
  projectAccountId,
  usesProjectSlugPolicy,
} from './account-naming.js';
import { type SlurmBackendContext, errorMessage } from './slurm-backend-context.js';
import { collectResourceLimits, waldurToSlurmLimits } from './slurm-limits.js';

export class SlurmProvisioning {
  private readonly ctx: SlurmBackendContext;

  constructor(ctx: SlurmBackendContext) {
    this.ctx = ctx;
  }

  /** Generates the allocation id and retries with `<project_slug>-<n>` on duplicates (docs/slurm.md#account-naming). */
  async createResource(spec: ResourceSpec, ctx: CreateResourceContext): Promise<CreatedResource> {
    const retryable =
      usesProjectSlugPolicy(spec.offeringPluginOptions) || this.ctx.settings.checkBackendIdUniqueness;
    const attempts = retryable ? this.ctx.settings.backendIdMaxRetries : 1;
    const tried: string[] = [];
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const base = attempt === 0 ? allocationBaseSlug(spec) : `${spec.projectSlug}-${attempt}`;
      const backendId = allocationAccountId(this.ctx.settings, base);
      tried.push(backendId);
      if (this.ctx.settings.checkBackendIdUniqueness && ctx.isBackendIdUnique !== undefined) {
        if (!(await ctx.isBackendIdUnique(backendId))) {
          this.ctx.log.info({ backendId }, 'Backend id is already used in Waldur; trying another');
          continue;
        }
      }
      try {
        return await this.createResourceWithId(spec, backendId, ctx);
      } catch (err) {
        if (!(err instanceof DuplicateResourceError)) throw err;
        this.ctx.log.info({ backendId }, 'Account already exists in SLURM; trying another id');
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
    this.ctx.log.info({ backendId, resource: spec.uuid }, 'Creating SLURM allocation');
    await this.preCreateResource(spec, backendId);
    const projectId = projectAccountId(this.ctx.settings, spec.projectSlug);
    if ((await this.ctx.client.accounts.getResource(backendId)) === null) {
      if (ctx.claimBackendId !== undefined && !(await ctx.claimBackendId(backendId))) {
        this.ctx.log.info({ backendId }, 'Backend id is reserved for another resource; not creating it');
        throw new DuplicateResourceError(backendId);
      }
      await this.ctx.client.accounts.createResource(backendId, spec.name, projectId, projectId);
    } else if (ctx.adoptExisting === true) {
      this.ctx.log.info(
        { backendId, resource: spec.uuid },
        'Allocation account already exists; adopting it and finishing its set-up',
      );
    } else {
      this.ctx.log.info({ account: backendId }, 'Account already exists in the cluster');
      throw new DuplicateResourceError(backendId);
    }
    const limits = await this.setupResourceLimits(backendId, spec);
    await this.postCreate(backendId, ctx.usernames);
    return { backendId, limits };
  }

  /** `show account` then `add account` only when absent; false when it already existed. */
  /** `show account` then `add account` only when absent; false when it already existed. */
  async createBackendAccount(
    id: string,
    name: string,
    organization: string,
    parent: string | null,
  ): Promise<boolean> {
    if ((await this.ctx.client.accounts.getResource(id)) === null) {
      await this.ctx.client.accounts.createResource(id, name, organization, parent);
      return true;
    }
    this.ctx.log.info({ account: id }, 'Account already exists in the cluster');
    return false;
  }

  private async preCreateResource(spec: ResourceSpec, allocationId: string): Promise<void> {
    if (spec.customerSlug === '' || spec.projectSlug === '') {
      throw new BackendError(
        `Resource ${spec.uuid} has unset or missing slug fields. customer_slug: ${spec.customerSlug}, ` +
          `project_slug: ${spec.projectSlug}. Cannot create backend resources with invalid slug values.`,
      );
    }
    const projectId = projectAccountId(this.ctx.settings, spec.projectSlug);
    if (this.ctx.settings.parentAccount !== null) {
      await this.createBackendAccount(
        projectId,
        spec.projectName,
        projectId,
        this.ctx.settings.parentAccount,
      );
    } else {
      const customerId = customerAccountId(this.ctx.settings, spec.customerSlug);
      await this.createBackendAccount(
        customerId,
        spec.customerName,
        customerId,
        this.ctx.settings.rootAccount,
      );
      await this.createBackendAccount(projectId, spec.projectName, projectId, customerId);
    }
    const qm = this.ctx.settings.qosManagement;
    if (qm.enabled) {
      if (qm.skipQosSwap) await this.createAccountQos(allocationId);
      else if (await this.createAccountQos(allocationId)) await this.attachAccountQos(allocationId);
    }
  }

  private async createAccountQos(name: string): Promise<boolean> {
    if (await this.ctx.client.qos.qosExists(name)) {
      this.ctx.log.info({ qos: name }, 'QoS already exists, skipping creation');
      return false;
    }
    const qm = this.ctx.settings.qosManagement;
    await this.ctx.client.qos.createQos({
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
    await this.ctx.client.qos.addAccountQos(account, account);
    await this.ctx.client.qos.setAccountDefaultQos(account, account);
    for (const qos of this.ctx.settings.qosManagement.additionalQos)
      await this.ctx.client.qos.addAccountQos(account, qos);
  }

  private async setupResourceLimits(backendId: string, spec: ResourceSpec): Promise<Record<string, number>> {
    let knownTres: string[] | null;
    try {
      knownTres = await this.ctx.client.tresLimits.listTres();
    } catch (err) {
      this.ctx.log.warn({ err: errorMessage(err) }, 'Unable to list TRES; not filtering limit keys');
      knownTres = null;
    }
    const collected = collectResourceLimits(
      this.ctx.components,
      { limits: spec.limits, createdAt: spec.createdAt ?? null, endDate: spec.endDate ?? null },
      knownTres,
    );
    if (collected.droppedKeys.length > 0) {
      this.ctx.log.warn(
        { dropped: collected.droppedKeys },
        'Dropping unknown TRES keys from allocation limits',
      );
    }
    if (Object.keys(collected.backendLimits).length === 0) {
      this.ctx.log.info({ backendId }, 'Skipping setting of limits');
      return {};
    }
    this.ctx.log.info({ backendId, limits: collected.backendLimits }, 'Setting resource backend limits');
    await this.ctx.client.tresLimits.setResourceLimits(backendId, collected.backendLimits);
    return collected.waldurLimits;
  }

  private async postCreate(backendId: string, usernames: readonly string[]): Promise<void> {
    const qm = this.ctx.settings.qosManagement;
    if (qm.enabled && qm.skipQosSwap) await this.attachAccountQos(backendId);
    if (this.ctx.settings.enableUserHomedirAccountCreation && usernames.length > 0) {
      await this.createUserHomedirs([...new Set(usernames.filter((u) => u !== ''))]);
    }
  }

  /** `/sbin/mkhomedir_helper <u> <umask>` per user, skipped when homedir_base_path/<u> exists; failures logged. */
  async createUserHomedirs(
    usernames: string[],
    umask: string = this.ctx.settings.defaultHomedirUmask,
  ): Promise<void> {
    if (!this.ctx.settings.enableUserHomedirAccountCreation) return;
    for (const username of usernames) {
      const base = this.ctx.settings.homedirBasePath;
      if (base !== null && (await this.ctx.pathExists(`${base.replace(/\/+$/, '')}/${username}`))) {
        this.ctx.log.debug({ username }, 'Home directory already exists');
        continue;
      }
      try {
        await this.ctx.client.jobs.createLinuxUserHomedir(username, umask);
        this.ctx.log.info({ username }, 'Home directory created');
      } catch (err) {
        if (!(err instanceof BackendError)) throw err;
        this.ctx.log.error({ username, err: err.message }, 'Unable to create user home directory');
      }
    }
  }

  async setResourceLimits(backendId: string, limits: Record<string, number>): Promise<void> {
    const converted = waldurToSlurmLimits(this.ctx.components, limits);
    if (Object.keys(converted).length === 0) {
      this.ctx.log.info({ backendId }, 'No limits to set');
      return;
    }
    await this.ctx.client.tresLimits.setResourceLimits(backendId, converted);
  }

  // ----- deletion -----

  async deleteResource(backendId: string, opts: { projectSlug: string }): Promise<void> {
    if (backendId.trim() === '') {
      this.ctx.log.warn('Empty backend_id for resource, skipping deletion');
      return;
    }
    if ((await this.ctx.client.accounts.getResource(backendId)) === null) {
      this.ctx.log.warn({ backendId }, 'No such account in SLURM; nothing to delete');
      return;
    }
    if (this.ctx.settings.softDelete) {
      const zero = Object.fromEntries([...this.ctx.components.keys()].map((k) => [k, 0]));
      this.ctx.log.info({ backendId }, 'Soft delete: setting all limits to 0');
      if (Object.keys(zero).length > 0) await this.ctx.client.tresLimits.setResourceLimits(backendId, zero);
      return;
    }
    await this.preDeleteResource(backendId);
    await this.deleteAccountSafely(backendId);
    if (opts.projectSlug !== '') {
      const projectId = projectAccountId(this.ctx.settings, opts.projectSlug);
      const siblings = (await this.ctx.client.accounts.listResources()).filter(
        (a) => a.organization === projectId && a.name !== projectId,
      );
      if (siblings.length === 0) await this.deleteAccountSafely(projectId);
    }
  }

  private async preDeleteResource(backendId: string): Promise<void> {
    if (await this.ctx.client.accounts.accountHasUsers(backendId)) {
      this.ctx.log.info({ backendId }, 'Cancelling all active jobs and removing all users');
      await this.ctx.client.jobs.cancelActiveUserJobs(backendId);
      await this.ctx.client.accounts.deleteAllUsersFromAccount(backendId);
    }
    if (this.ctx.settings.qosManagement.enabled && (await this.ctx.client.qos.qosExists(backendId))) {
      try {
        await this.ctx.client.qos.deleteQos(backendId);
      } catch (err) {
        if (!(err instanceof BackendError)) throw err;
        this.ctx.log.error({ qos: backendId, err: err.message }, 'Failed to delete QoS');
      }
    }
  }

  private async deleteAccountSafely(id: string): Promise<void> {
    if ((await this.ctx.client.accounts.getResource(id)) !== null) {
      this.ctx.log.info({ account: id }, 'Deleting account');
      await this.ctx.client.accounts.deleteResource(id);
    } else {
      this.ctx.log.warn({ account: id }, 'No such account in SLURM');
    }
  }
}
