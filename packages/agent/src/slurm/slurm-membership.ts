// User associations of an allocation: which `add user` variant the DefaultAccount / partition / QoS
// policy selects, and the job cancellation the real agent runs before removing one (docs/slurm.md#lifecycle-sequences).
import type { AddUserOptions } from '../backend/backend.js';
import { BackendError, BackendUnavailableError } from '../backend/errors.js';
import { type SlurmBackendContext, qosEnforced } from './slurm-backend-context.js';

export class SlurmMembership {
  private readonly ctx: SlurmBackendContext;

  constructor(ctx: SlurmBackendContext) {
    this.ctx = ctx;
  }

  async addUser(backendId: string, username: string, opts: AddUserOptions = {}): Promise<boolean> {
    if (backendId.trim() === '') throw new BackendError('Empty backend ID for resource');
    if (username === '') {
      this.ctx.log.warn({ backendId }, 'Username is blank, skipping creation of association');
      return false;
    }
    if ((await this.ctx.client.associations.getAssociation(username, backendId)) !== null) {
      this.ctx.log.info({ backendId, username }, 'Association already exists, skipping creation');
      return true;
    }
    const s = this.ctx.settings;
    const defaultAccount =
      s.defaultAccountPolicy === 'individual'
        ? backendId
        : s.defaultAccountPolicy === 'none'
          ? null
          : s.defaultAccount;
    const enforcedPartitions = s.enforceOfferingPartitions && this.ctx.offering.partitions.length > 0;
    try {
      const selectedQos = opts.qos ?? null;
      if (qosEnforced(this.ctx) && selectedQos !== null && selectedQos !== '') {
        const selectedPartition = opts.partition ?? null;
        const partitions =
          selectedPartition !== null && selectedPartition !== ''
            ? [selectedPartition]
            : enforcedPartitions
              ? this.ctx.offering.partitions
              : s.defaultPartition !== null
                ? [s.defaultPartition]
                : null;
        await this.ctx.client.associations.createAssociationWithQos(
          username,
          backendId,
          [selectedQos],
          selectedQos,
          partitions,
          defaultAccount,
        );
      } else if (enforcedPartitions) {
        await this.ctx.client.associations.createAssociationWithPartitions(
          username,
          backendId,
          this.ctx.offering.partitions,
          defaultAccount,
        );
      } else if (s.defaultPartition !== null) {
        await this.ctx.client.associations.createAssociationWithPartition(
          username,
          backendId,
          s.defaultPartition,
          defaultAccount,
        );
      } else {
        await this.ctx.client.associations.createAssociation(username, backendId, defaultAccount);
      }
    } catch (err) {
      if (!(err instanceof BackendError) || err instanceof BackendUnavailableError) throw err;
      this.ctx.log.error(
        { backendId, username, err: err.message },
        'Unable to create association on backend',
      );
      return false;
    }
    this.ctx.log.info({ backendId, username }, 'Created association');
    return true;
  }

  /** Existing association ⇒ `id -u`, job listing, `scancel` if any, then `remove user`. Failures throw. */
  async removeUser(backendId: string, username: string): Promise<boolean> {
    if (backendId.trim() === '') throw new BackendError('Empty resource backend ID');
    if ((await this.ctx.client.associations.getAssociation(username, backendId)) === null) return true;
    this.ctx.log.info({ backendId, username }, 'Deleting association');
    await this.preDeleteUserActions(backendId, username);
    await this.ctx.client.associations.deleteAssociation(username, backendId);
    return true;
  }

  private async preDeleteUserActions(backendId: string, username: string): Promise<void> {
    if (!(await this.ctx.client.jobs.checkUserExists(username))) {
      this.ctx.log.info({ username }, 'The user does not exist in the cluster, skipping job cancellation');
      return;
    }
    const jobs = await this.ctx.client.jobs.listActiveUserJobs(backendId, username);
    if (jobs.length > 0) {
      this.ctx.log.info({ backendId, username, jobs }, 'Cancelling active jobs');
      await this.ctx.client.jobs.cancelActiveUserJobs(backendId, username);
    }
  }
}
