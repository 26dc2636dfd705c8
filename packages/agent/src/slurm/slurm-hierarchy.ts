// Keeps the account tree in step with Waldur when a project moves to another customer: re-parents the
// project account (and a stale allocation) and verifies the result; failures are logged, never thrown.
import { BackendError } from '../backend/errors.js';
import type { ResourceSpec } from '../backend/backend.js';
import { customerAccountId, projectAccountId } from './account-naming.js';
import type { SlurmBackendContext } from './slurm-backend-context.js';
import type { SlurmProvisioning } from './slurm-provisioning.js';

export class SlurmHierarchy {
  private readonly ctx: SlurmBackendContext;
  private readonly provisioning: SlurmProvisioning;

  constructor(ctx: SlurmBackendContext, provisioning: SlurmProvisioning) {
    this.ctx = ctx;
    this.provisioning = provisioning;
  }

  /** Reparents the project account when Waldur moved the project to another customer (errors logged, not thrown). */
  async syncResourceProject(spec: ResourceSpec): Promise<void> {
    const log = this.ctx.log;
    if (this.ctx.settings.parentAccount !== null) {
      log.debug({ backendId: spec.backendId }, 'sync_resource_project: flat hierarchy, skipping');
      return;
    }
    if (spec.customerSlug === '' || spec.projectSlug === '') {
      log.warn({ backendId: spec.backendId }, 'sync_resource_project: missing slug, skipping');
      return;
    }
    const projectId = projectAccountId(this.ctx.settings, spec.projectSlug);
    const customerId = customerAccountId(this.ctx.settings, spec.customerSlug);
    if (projectId === customerId) {
      log.warn({ projectId }, 'sync_resource_project: project and customer ids are identical, skipping');
      return;
    }
    const current = await this.ctx.client.accounts.getAccountParent(projectId);
    if (current === customerId) return;
    log.info(
      { projectId, current, expected: customerId },
      'sync_resource_project: reparenting project account',
    );
    try {
      await this.provisioning.createBackendAccount(
        customerId,
        spec.customerName || customerId,
        customerId,
        this.ctx.settings.rootAccount,
      );
      await this.provisioning.createBackendAccount(
        projectId,
        spec.projectName || projectId,
        projectId,
        customerId,
      );
      await this.ctx.client.accounts.setAccountParent(projectId, customerId);
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      log.error(
        { projectId, err: err.message },
        'sync_resource_project: failed to create/reparent project account',
      );
      return;
    }
    try {
      const actual = await this.ctx.client.accounts.getAccountParent(projectId);
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
      const parent = await this.ctx.client.accounts.getAccountParent(backendId);
      if (parent === projectId) return;
      await this.ctx.client.accounts.setAccountParent(backendId, projectId);
      const actual = await this.ctx.client.accounts.getAccountParent(backendId);
      if (actual !== projectId)
        this.ctx.log.warn(
          { backendId, actual },
          'sync_resource_project: allocation reparent may have failed',
        );
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      this.ctx.log.error(
        { backendId, err: err.message },
        'sync_resource_project: failed to reparent allocation account',
      );
    }
  }
}
