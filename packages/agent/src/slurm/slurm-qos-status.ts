// Pause, downscale and restore through the account's QoS (or GrpSubmitJobs when QoS is enforced per
// user), and the `qos` metadata reported back after each (docs/slurm.md#lifecycle-sequences).
import { type SlurmBackendContext, qosEnforced } from './slurm-backend-context.js';

export class SlurmQosStatus {
  /** QoS last written/read by pause/downscale/restore, consumed by getResourceMetadata (per account). */
  private readonly lastQos = new Map<string, string>();
  private readonly ctx: SlurmBackendContext;

  constructor(ctx: SlurmBackendContext) {
    this.ctx = ctx;
  }

  private useGrpSubmitJobsLever(): boolean {
    return qosEnforced(this.ctx) || this.ctx.settings.qosManagement.skipQosSwap;
  }

  private async setQos(
    backendId: string,
    target: string | null,
    what: 'paused' | 'downscaled',
  ): Promise<boolean> {
    if (this.useGrpSubmitJobsLever()) {
      this.ctx.log.info({ backendId }, `Setting account ${what} via GrpSubmitJobs=0`);
      await this.ctx.client.qos.setAccountGrpSubmitJobs(backendId, 0);
      return true;
    }
    if (target === null) {
      this.ctx.log.error(
        `The QoS for ${what === 'paused' ? 'pausing' : 'downscaling'} is not configured, skipping operation`,
      );
      return false;
    }
    const current = await this.ctx.client.qos.getCurrentAccountQos(backendId);
    if (current !== target) {
      this.ctx.log.info({ backendId, from: current, to: target }, 'Setting QoS for the SLURM account');
      await this.ctx.client.qos.setAccountQos(backendId, target);
    }
    this.lastQos.set(backendId, target);
    return true;
  }

  pauseResource(backendId: string): Promise<boolean> {
    return this.setQos(backendId, this.ctx.settings.qosPaused, 'paused');
  }

  downscaleResource(backendId: string): Promise<boolean> {
    return this.setQos(backendId, this.ctx.settings.qosDownscaled, 'downscaled');
  }

  /** Writes qos_default unless the account is known to have it already (then false: "Restoring is skipped"). */
  async restoreResource(backendId: string): Promise<boolean> {
    if (this.useGrpSubmitJobsLever()) {
      await this.ctx.client.qos.setAccountGrpSubmitJobs(backendId, -1);
      return true;
    }
    const current = await this.ctx.client.qos.getCurrentAccountQos(backendId);
    const target = this.ctx.settings.qosDefault;
    if (current !== '' && current === target) {
      this.ctx.log.info(
        { backendId, qos: current },
        'The account already has the default QoS; restoring is skipped',
      );
      this.lastQos.set(backendId, current);
      return false;
    }
    await this.ctx.client.qos.setAccountQos(backendId, target);
    this.lastQos.set(backendId, target);
    return true;
  }

  async getResourceMetadata(backendId: string): Promise<Record<string, unknown>> {
    const cached = this.lastQos.get(backendId);
    if (cached !== undefined) {
      this.lastQos.delete(backendId);
      return { qos: cached };
    }
    return { qos: await this.ctx.client.qos.getCurrentAccountQos(backendId) };
  }
}
