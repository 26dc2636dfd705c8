// `event_process` mode (docs/protocol.md#agent-start-up, docs/protocol.md#stomp-connection, docs/agent.md#event-process-main-loop). Each STOMP-enabled offering is brought up independently and
// in the background, so one unreachable Waldur or broker never blocks another offering (the real agent set them up
// sequentially and blocked forever on the first failing connect, docs/agent.md#quirk-blocking-connect-and-finite-reconnect):
//   identity (GET ?name=agent-<uuid>, then PUT or POST; retried until it works)
//   -> per object type: register_event_subscription + create_queue (failed types retried: transient failures on
//      the reconnect backoff and never before Retry-After, docs/agent.md#start-up-retries)
//   -> one STOMP consumer per (offering, object type), connecting in the background — or, with
//      stomp_unified_queue, one register_queue and one consumer_<uuid> consumer routed by object_type
//   -> start-up catch-up: all actionable orders, and a membership sync when membership runs over STOMP.
// A tick loop then touches the heartbeat file and runs health checks and periodic reconciliation.
import { readFile } from 'node:fs/promises';
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { OfferingConfig } from '../config/config-schema.js';
import type { EnvSettings } from '../config/env-settings.js';
import { resolveHeartbeatFile, resolveStateDir, type CrashPoint } from '../config/env-settings.js';
import type { AgentConfig } from '../config/load-config.js';
import { membershipViaStomp, observableObjectTypes } from '../config/offering-features.js';
import { DeliveryProcessor, type MessageHandler } from '../stomp/delivery-processor.js';
import { createStompClientFactory, type StompClientSettings } from '../stomp/stomp-client-factory.js';
import { ObjectTypeRouter } from '../stomp/object-type-router.js';
import { StompConsumer, type MessageSink, type StompClientFactory } from '../stomp/stomp-consumer.js';
import { stompEndpoint } from '../stomp/stomp-endpoint.js';
import { ReconnectPolicy, type ReconnectTimers } from '../stomp/reconnect-policy.js';
import { realSleep, sleepUnlessAborted, type Sleep } from '../util/backoff.js';
import { ConcurrencyLimit } from '../util/concurrency-limit.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import type { AgentMetrics } from '../metrics/agent-metrics.js';
import type { FetchLike } from '../waldur/http-client.js';
import { ServiceRegistry, registerIdentity } from './agent-identity.js';
import { besideHeartbeat } from './beside-heartbeat.js';
import { touchHeartbeat } from './heartbeat-file.js';
import { handlerFor } from '../handlers/handler-table.js';
import { createOfferingRuntime, type BackendFactory, type OfferingRuntime } from './offering-runtime.js';
import { setupRetryDelay } from './setup-retry.js';
import { setupSubscriptions, type SubscriptionTarget } from './stomp-subscriptions.js';
import { TickLoop } from './tick-loop.js';

const HEALTH_CHECK_INTERVAL_MS = 30 * 60_000;
const RECONCILIATION_AGE_MS = 30 * 60_000;
/** Offerings whose start-up REST sequence runs at once (the others wait their turn, not a backoff). */
export const DEFAULT_SETUP_CONCURRENCY = 16;

export interface AgentDeps {
  log: Logger;
  fetch?: FetchLike;
  createBackend?: BackendFactory;
  createStompClientFactory?: (settings: StompClientSettings) => StompClientFactory;
  sleep?: Sleep;
  random?: () => number;
  timers?: ReconnectTimers;
  now?: () => number;
  /** TEST ONLY crash hook (WALDUR_SITE_AGENT_TEST_CRASH_AFTER; see test-crash-hook.ts). */
  crashPoint?: (point: CrashPoint) => void;
  /** Prometheus metrics (metrics_port); undefined: off. */
  metrics?: AgentMetrics;
  /** Offerings setting up at once (default DEFAULT_SETUP_CONCURRENCY). */
  setupConcurrency?: number;
}

export function processorNameFor(objectType: ObservableObjectType): string {
  return objectType === 'order' ? 'OfferingOrderProcessor' : 'OfferingMembershipProcessor';
}

interface OfferingState {
  offering: OfferingConfig;
  runtime: OfferingRuntime | null;
  registry: ServiceRegistry | null;
  consumers: StompConsumer[];
}

export class EventProcessAgent {
  private readonly states: OfferingState[] = [];
  private readonly tasks: Promise<void>[] = [];
  private readonly abort = new AbortController();
  private readonly locks = new KeyedMutex();
  private readonly setupLimit: ConcurrencyLimit;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;
  private tickLoop: TickLoop | null = null;

  constructor(
    private readonly config: AgentConfig,
    private readonly env: EnvSettings,
    private readonly deps: AgentDeps,
  ) {
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.setupLimit = new ConcurrencyLimit(deps.setupConcurrency ?? DEFAULT_SETUP_CONCURRENCY);
  }

  /** All consumers started so far (tests and diagnostics). */
  get consumers(): readonly StompConsumer[] {
    return this.states.flatMap((s) => s.consumers);
  }

  /** Resolves when every offering finished its set-up pass and catch-up (tests). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.tasks);
  }

  start(): void {
    const offerings = this.config.offerings.filter((o) => o.stomp_enabled);
    if (offerings.length === 0)
      this.deps.log.warn('No offering has stomp_enabled: true; event_process has nothing to consume');
    for (const offering of offerings) {
      const state: OfferingState = { offering, runtime: null, registry: null, consumers: [] };
      this.states.push(state);
      this.tasks.push(
        this.runOffering(state).catch((err: unknown) => {
          this.deps.log.error({ offering: offering.name, err }, 'Offering could not be started');
        }),
      );
    }
    const heartbeatFile = resolveHeartbeatFile(this.env, this.config.heartbeat_file);
    this.tickLoop = new TickLoop({
      tickMs: this.env.tickSeconds * 1000,
      log: this.deps.log,
      now: this.now,
      ...(this.deps.timers === undefined ? {} : { timers: this.deps.timers }),
      onTick: () => touchHeartbeat(heartbeatFile, this.now),
      jobs: [
        {
          name: 'health-check',
          periodMs: HEALTH_CHECK_INTERVAL_MS,
          runOnStart: false,
          run: () => this.healthCheck(),
        },
        {
          name: 'reconciliation',
          periodMs: this.env.reconciliationPeriodMinutes * 60_000,
          runOnStart: false,
          run: () => this.reconcile(),
        },
      ],
    });
    this.tickLoop.start();
  }

  /** Graceful: no new set-up, consumers take no new messages and finish in-flight ones, then disconnect. */
  async stop(): Promise<void> {
    this.abort.abort();
    const timeoutMs = this.config.shutdown_timeout_seconds * 1000;
    await Promise.all(this.consumers.map((c) => c.stop(timeoutMs)));
    await this.tickLoop?.stop();
    await Promise.allSettled(this.tasks);
    // A set-up task may have created a consumer while we were stopping; stop() is idempotent.
    await Promise.all(this.consumers.map((c) => c.stop(timeoutMs)));
  }

  private async retryUntilDone<T>(
    what: string,
    offering: OfferingConfig,
    fn: () => Promise<T>,
  ): Promise<T | null> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.abort.signal.aborted) return null;
      try {
        return await this.setupLimit.run(fn);
      } catch (err) {
        const delay = setupRetryDelay(offering, attempt, [err], this.random);
        this.deps.log.error(
          { offering: offering.name, err: (err as Error).message, retryInMs: Math.round(delay) },
          `${what} failed`,
        );
        if (!(await sleepUnlessAborted(this.sleep, delay, this.abort.signal))) return null;
      }
    }
  }

  private async runOffering(state: OfferingState): Promise<void> {
    const { offering } = state;
    const runtime = await createOfferingRuntime(offering, {
      mode: 'event_process',
      log: this.deps.log,
      exposeBackendErrorDetails: this.config.expose_backend_error_details,
      locks: this.locks,
      sleep: this.sleep,
      ...(this.deps.fetch === undefined ? {} : { fetch: this.deps.fetch }),
      ...(this.deps.createBackend === undefined ? {} : { createBackend: this.deps.createBackend }),
      stateDir: resolveStateDir(this.env, this.config.state_dir),
      ...(this.deps.crashPoint === undefined ? {} : { crashPoint: this.deps.crashPoint }),
      ...(this.deps.metrics === undefined ? {} : { metrics: this.deps.metrics }),
    });
    state.runtime = runtime;
    const log = runtime.ctx.log;
    const registry = new ServiceRegistry(runtime.ctx.api, offering, log);
    state.registry = registry;

    const identity = await this.retryUntilDone('Agent identity registration', offering, () =>
      registerIdentity(runtime.ctx.api, offering),
    );
    if (identity === null) return;
    registry.setIdentity(identity);
    log.info({ identity: identity.uuid }, 'Agent identity registered');

    if (offering.stomp_unified_queue) {
      if (await this.runUnified(state, runtime, identity.uuid))
        await this.initialProcessing(runtime, registry);
      return;
    }
    const setUp = (types: readonly ObservableObjectType[]) =>
      this.setupLimit.run(() => setupSubscriptions(runtime.ctx.api, offering, identity.uuid, types, log));
    let last = await setUp(observableObjectTypes(offering));
    for (const target of last.targets) await this.startLegacyConsumer(state, runtime, target);

    await this.initialProcessing(runtime, registry);

    // Failed types only, for as long as it takes; the others are consuming meanwhile.
    for (let attempt = 0; last.failed.length > 0; attempt += 1) {
      const errors = last.failed.map((f) => f.error);
      const delay = setupRetryDelay(offering, attempt, errors, this.random);
      log.warn(
        { objectTypes: last.failed.map((f) => f.objectType), retryInMs: Math.round(delay) },
        'Retrying event subscription set-up',
      );
      if (!(await sleepUnlessAborted(this.sleep, delay, this.abort.signal))) return;
      last = await setUp(last.failed.map((f) => f.objectType));
      for (const target of last.targets) await this.startLegacyConsumer(state, runtime, target);
    }
  }

  /** Start-up catch-up (real run_initial_offering_processing). */
  private async initialProcessing(runtime: OfferingRuntime, registry: ServiceRegistry): Promise<void> {
    const { ctx } = runtime;
    if (this.abort.signal.aborted) return;
    await registry.touch(
      'initial-offering-process',
      'event_process',
      'OfferingOrderProcessor',
      ctx.orderBackend,
    );
    if (ctx.orderBackend !== null) {
      try {
        const r = await runtime.orders.processOffering();
        ctx.log.info(r, 'Start-up order catch-up finished');
      } catch (err) {
        ctx.log.error({ err }, 'Start-up order catch-up failed');
      }
    }
    if (ctx.membershipBackend !== null && membershipViaStomp(ctx.offering)) {
      try {
        await runtime.membership.processOffering({ recreateMissing: false });
        ctx.log.info('Start-up membership sync finished');
      } catch (err) {
        ctx.log.error({ err }, 'Start-up membership sync failed');
      }
    }
  }

  /** The per-type pipeline: service heartbeat, the type's handler, acks and retries (DeliveryProcessor). */
  private processorFor(
    state: OfferingState,
    runtime: OfferingRuntime,
    objectType: ObservableObjectType,
    log: Logger,
  ) {
    const o = state.offering;
    const registry = state.registry;
    const inner = handlerFor(runtime.handlers, objectType);
    const backend = objectType === 'order' ? runtime.ctx.orderBackend : runtime.ctx.membershipBackend;
    // The service heartbeat runs beside the message, never in front of it (beside-heartbeat.ts).
    const serviceName = `event_process-${objectType}`;
    const processorName = processorNameFor(objectType);
    const handler: MessageHandler =
      registry === null
        ? inner
        : besideHeartbeat(() => registry.touch(serviceName, 'event_process', processorName, backend), inner);
    return new DeliveryProcessor({
      objectType,
      ackMode: o.stomp_ack_mode,
      maxAttempts: o.stomp_max_delivery_attempts,
      retryDelay: {
        initialDelayMs: o.stomp_retry_delay_seconds * 1000,
        maxDelayMs: Math.max(o.stomp_retry_delay_seconds * 1000, 30_000),
        multiplier: 2,
        jitter: 'none',
        jitterRatio: 0,
      },
      handler,
      log,
      sleep: this.sleep,
      random: this.random,
    });
  }

  /** Unified path (stomp_unified_queue): one register_queue, one consumer_<uuid> queue routed by object_type. */
  private async runUnified(
    state: OfferingState,
    runtime: OfferingRuntime,
    identityUuid: string,
  ): Promise<boolean> {
    const { offering } = state;
    const types = observableObjectTypes(offering);
    const reg = await this.retryUntilDone('Unified queue registration', offering, () =>
      runtime.ctx.api.registerQueue(identityUuid, types),
    );
    if (reg === null) return false;
    const log = runtime.ctx.log.child({ queue: reg.queue_name });
    log.info({ objectTypes: types }, 'Unified consumer queue ready');
    const sinks = new Map(
      types.map((t) => [t, this.processorFor(state, runtime, t, log.child({ objectType: t }))] as const),
    );
    const router = new ObjectTypeRouter(sinks, offering.stomp_ack_mode, log);
    await this.startConsumer(
      state,
      { label: 'unified', queue: reg.queue_name, vhost: reg.vhost, login: reg.rmq_username },
      router,
      log,
    );
    return true;
  }

  private async startLegacyConsumer(
    state: OfferingState,
    runtime: OfferingRuntime,
    target: SubscriptionTarget,
  ): Promise<void> {
    const log = runtime.ctx.log.child({ objectType: target.objectType, queue: target.queue });
    const sink = this.processorFor(state, runtime, target.objectType, log);
    await this.startConsumer(state, { ...target, label: target.objectType }, sink, log);
  }

  private async startConsumer(
    state: OfferingState,
    target: { label: string; queue: string; vhost: string; login: string },
    sink: MessageSink,
    log: Logger,
  ): Promise<void> {
    if (this.abort.signal.aborted) return;
    const o = state.offering;
    const endpoint = stompEndpoint(o);
    let ca: Buffer | undefined;
    if (o.stomp_ws_ca_file !== null) {
      try {
        ca = await readFile(o.stomp_ws_ca_file);
      } catch (err) {
        log.error(
          { file: o.stomp_ws_ca_file, err: (err as Error).message },
          'Cannot read stomp_ws_ca_file; consumer not started',
        );
        return;
      }
    }
    const makeFactory = this.deps.createStompClientFactory ?? createStompClientFactory;
    const factory = makeFactory({
      url: endpoint.url,
      vhost: target.vhost,
      login: target.login,
      passcode: o.waldur_api_token,
      connectionTimeoutMs: o.stomp_connection_timeout_seconds * 1000,
      rejectUnauthorized: o.stomp_ws_verify_tls,
      log,
      ...(ca === undefined ? {} : { ca }),
    });
    const consumer = new StompConsumer({
      name: `${o.name}/${target.label}`,
      queue: target.queue,
      subscriptionId: target.label,
      ackMode: o.stomp_ack_mode,
      prefetch: o.stomp_prefetch,
      createClient: factory,
      reconnect: new ReconnectPolicy(
        {
          initialDelayMs: o.stomp_reconnect_initial_delay_seconds * 1000,
          maxDelayMs: o.stomp_reconnect_max_delay_seconds * 1000,
          multiplier: o.stomp_reconnect_multiplier,
          jitter: o.stomp_reconnect_jitter,
          jitterRatio: o.stomp_reconnect_jitter_ratio,
        },
        { random: this.random, ...(this.deps.timers === undefined ? {} : { timers: this.deps.timers }) },
      ),
      sink: this.deps.metrics?.observeSink(target.label, sink) ?? sink,
      log,
      ...this.deps.metrics?.consumerObserver(target.label),
    });
    state.consumers.push(consumer);
    log.info({ url: endpoint.url, vhost: target.vhost }, 'Starting STOMP consumer');
    consumer.start();
  }

  private async healthCheck(): Promise<void> {
    for (const s of this.states) {
      if (s.runtime === null) continue;
      try {
        await s.runtime.ctx.api.listOrders({
          offering_uuid: s.offering.waldur_offering_uuid,
          state: ['pending-provider', 'executing'],
        });
      } catch (err) {
        s.runtime.ctx.log.warn({ err: (err as Error).message }, 'Health check failed');
      }
    }
  }

  /** docs/agent.md#event-process-main-loop: orders stuck older than 30 min, plus a membership sync when membership runs over STOMP. */
  private async reconcile(): Promise<void> {
    for (const s of this.states) {
      const runtime = s.runtime;
      if (runtime === null || this.abort.signal.aborted) continue;
      const { ctx } = runtime;
      if (ctx.orderBackend !== null) {
        try {
          const r = await runtime.orders.processOffering({
            modifiedBefore: new Date(this.now() - RECONCILIATION_AGE_MS),
          });
          ctx.log.info(r, 'Order reconciliation finished');
        } catch (err) {
          ctx.log.error({ err }, 'Order reconciliation failed');
        }
      }
      if (ctx.membershipBackend !== null) {
        // docs/agent.md#username-management: users stuck without a username (real run_periodic_offering_user_reconciliation).
        try {
          await runtime.membership.refreshOfferingUsernames();
        } catch (err) {
          ctx.log.error({ err }, 'Offering user reconciliation failed');
        }
      }
      if (ctx.membershipBackend !== null && membershipViaStomp(s.offering)) {
        try {
          await runtime.membership.processOffering({ recreateMissing: false });
        } catch (err) {
          ctx.log.error({ err }, 'Membership reconciliation failed');
        }
      }
    }
  }
}
