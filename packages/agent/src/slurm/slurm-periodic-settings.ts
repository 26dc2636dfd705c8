// Applies the settings of a resource_periodic_limits message (docs/protocol.md#resource_periodic_limits):
// fairshare, changed TRES limits and raw-usage reset on production SLURM, diffed against current values
// like the real agent; or the same settings posted to an emulator's HTTP endpoint.
import type { PeriodicSettingsResult } from '../backend/backend.js';
import { BackendError } from '../backend/errors.js';
import { type SlurmBackendContext, errorMessage } from './slurm-backend-context.js';

export class SlurmPeriodicSettings {
  private readonly ctx: SlurmBackendContext;

  constructor(ctx: SlurmBackendContext) {
    this.ctx = ctx;
  }

  async applyPeriodicSettings(
    backendId: string,
    settings: Record<string, unknown>,
  ): Promise<PeriodicSettingsResult> {
    const config = this.ctx.settings.periodicLimits;
    if (!config.enabled) {
      this.ctx.log.warn('Periodic limits not enabled, skipping apply_periodic_settings');
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
    const client = this.ctx.client.fork();
    try {
      const fairshare = settings.fairshare;
      if (isTruthy(fairshare)) {
        let current: number | null = null;
        try {
          current = await client.accountSettings.getAccountFairshare(backendId);
        } catch {
          current = null;
        }
        if (current === null || !sameNumber(current, fairshare)) {
          await client.accountSettings.setAccountFairshare(backendId, fairshare as number | string);
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
          const current = (await client.accountSettings.getAccountLimits(backendId)) as Record<
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
        if (Object.keys(changed).length > 0)
          await client.accountSettings.setAccountLimits(backendId, limitType, changed);
      }
      if (isTruthy(settings.reset_raw_usage)) await client.accountSettings.resetRawUsage(backendId);
      return { success: true, commandsExecuted: [...client.executedCommands], errorMessage: '' };
    } catch (err) {
      this.ctx.log.error(
        { backendId, err: errorMessage(err) },
        'Failed to apply settings to production SLURM',
      );
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
      const res = await this.ctx.fetch(`${baseUrl}/api/apply-periodic-settings`, {
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
