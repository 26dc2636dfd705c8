// Polling modes (docs/agent.md#modes-and-periods): `order_process` runs the same OrderProcessor over every actionable order every
// WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES, for offerings that do NOT use STOMP; `membership_sync` runs the
// full membership sync every WALDUR_SITE_AGENT_MEMBERSHIP_SYNC_PERIOD_MINUTES for offerings whose membership is
// not event-driven (stomp_membership_sync_enabled, null inheriting stomp_enabled); `report` reports usage every
// WALDUR_SITE_AGENT_REPORT_PERIOD_MINUTES for offerings with a reporting_backend (there is no STOMP reporting).
import type { AgentIdentity } from '@waldur-sim/protocol';
import type { OfferingConfig } from '../config/config-schema.js';
import { resolveHeartbeatFile, resolveStateDir, type EnvSettings } from '../config/env-settings.js';
import type { AgentConfig } from '../config/load-config.js';
import { membershipViaStomp } from '../config/offering-features.js';
import { POLLING_ORDER_RETRY } from '../processors/order-processor.js';
import { ReportProcessor } from '../processors/report-processor.js';
import { realSleep } from '../util/backoff.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { ServiceRegistry, registerIdentity } from './agent-identity.js';
import type { AgentDeps } from './event-process.js';
import { touchHeartbeat } from './heartbeat-file.js';
import { createOfferingRuntime, type OfferingRuntime } from './offering-runtime.js';
import { TickLoop } from './tick-loop.js';

export type PollingMode = 'order_process' | 'membership_sync' | 'report';

interface PolledOffering {
  offering: OfferingConfig;
  runtime: OfferingRuntime | null;
  identity: AgentIdentity | null;
  registry: ServiceRegistry | null;
}

export function pollsOffering(mode: PollingMode, o: OfferingConfig): { polled: boolean; reason: string } {
  if (mode === 'order_process') {
    if (o.stomp_enabled) return { polled: false, reason: 'it uses event-based processing (stomp_enabled)' };
    if (o.order_processing_backend === null || o.order_processing_backend === '')
      return { polled: false, reason: 'order processing is disabled' };
    return { polled: true, reason: '' };
  }
  if (mode === 'report') {
    if (o.reporting_backend === null || o.reporting_backend === '')
      return { polled: false, reason: 'usage reporting is disabled' };
    return { polled: true, reason: '' };
  }
  if (membershipViaStomp(o)) return { polled: false, reason: 'membership sync runs over STOMP' };
  if (o.membership_sync_backend === null || o.membership_sync_backend === '')
    return { polled: false, reason: 'membership sync is disabled' };
  return { polled: true, reason: '' };
}

export class PollingAgent {
  private readonly offerings: PolledOffering[] = [];
  private readonly locks = new KeyedMutex();
  private tickLoop: TickLoop | null = null;

  constructor(
    private readonly mode: PollingMode,
    private readonly config: AgentConfig,
    private readonly env: EnvSettings,
    private readonly deps: AgentDeps,
  ) {}

  start(): void {
    for (const offering of this.config.offerings) {
      const { polled, reason } = pollsOffering(this.mode, offering);
      if (!polled) {
        this.deps.log.info({ offering: offering.name }, `Skipping offering in ${this.mode}: ${reason}`);
        continue;
      }
      this.offerings.push({ offering, runtime: null, identity: null, registry: null });
    }
    const periodMinutes = {
      order_process: this.env.orderProcessPeriodMinutes,
      membership_sync: this.env.membershipSyncPeriodMinutes,
      report: this.env.reportPeriodMinutes,
    }[this.mode];
    const heartbeatFile = resolveHeartbeatFile(this.env, this.config.heartbeat_file);
    const now = this.deps.now ?? Date.now;
    this.tickLoop = new TickLoop({
      tickMs: this.env.tickSeconds * 1000,
      log: this.deps.log,
      now,
      ...(this.deps.timers === undefined ? {} : { timers: this.deps.timers }),
      onTick: () => touchHeartbeat(heartbeatFile, now),
      jobs: [{ name: this.mode, periodMs: periodMinutes * 60_000, run: () => this.runOnce() }],
    });
    this.tickLoop.start();
  }

  async stop(): Promise<void> {
    await this.tickLoop?.stop();
  }

  /** One pass over every polled offering; an offering's failure does not stop the others. */
  async runOnce(): Promise<void> {
    this.deps.log.info({ offerings: this.offerings.length, mode: this.mode }, 'Processing offerings');
    for (const p of this.offerings) {
      try {
        await this.processOffering(p);
      } catch (err) {
        this.deps.log.error({ offering: p.offering.name, err }, 'Unable to process the offering');
      }
    }
  }

  private async processOffering(p: PolledOffering): Promise<void> {
    p.runtime ??= await createOfferingRuntime(p.offering, {
      mode: this.mode,
      log: this.deps.log,
      exposeBackendErrorDetails: this.config.expose_backend_error_details,
      orderRetry: POLLING_ORDER_RETRY,
      locks: this.locks,
      sleep: this.deps.sleep ?? realSleep,
      ...(this.deps.fetch === undefined ? {} : { fetch: this.deps.fetch }),
      ...(this.deps.createBackend === undefined ? {} : { createBackend: this.deps.createBackend }),
      stateDir: resolveStateDir(this.env, this.config.state_dir),
      ...(this.deps.crashPoint === undefined ? {} : { crashPoint: this.deps.crashPoint }),
      timezone: this.config.timezone,
    });
    const runtime = p.runtime;
    p.identity ??= await registerIdentity(runtime.ctx.api, p.offering);
    p.registry ??= new ServiceRegistry(runtime.ctx.api, p.offering, runtime.ctx.log, 0);
    p.registry.setIdentity(p.identity);
    if (this.mode === 'order_process') {
      await p.registry.touch(this.mode, this.mode, 'OfferingOrderProcessor', runtime.ctx.orderBackend);
      const r = await runtime.orders.processOffering();
      runtime.ctx.log.info(r, 'Order processing pass finished');
    } else if (this.mode === 'report') {
      await this.report(p, runtime);
    } else {
      await p.registry.touch(
        this.mode,
        this.mode,
        'OfferingMembershipProcessor',
        runtime.ctx.membershipBackend,
      );
      await runtime.membership.processOffering({ recreateMissing: false });
      runtime.ctx.log.info('Membership sync pass finished');
    }
  }

  private async report(p: PolledOffering, runtime: OfferingRuntime): Promise<void> {
    const backend = runtime.ctx.reportingBackend;
    if (backend === null || p.registry === null) return;
    await p.registry.touch(this.mode, this.mode, 'OfferingReportProcessor', backend);
    const r = await new ReportProcessor({
      api: runtime.ctx.api,
      backend,
      log: runtime.ctx.log,
      offeringUuid: p.offering.waldur_offering_uuid,
      timezone: this.config.timezone,
      periods: this.config.reporting_periods,
    }).processOffering();
    runtime.ctx.log.info(r, 'Usage reporting pass finished');
  }
}
