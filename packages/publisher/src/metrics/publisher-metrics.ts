// The publisher's Prometheus metrics (docs/metrics.md#publisher). One registry per instance so several
// publishers in one process (tests) never share counters. Outbox figures are read from the database at scrape
// time; the hot paths only touch counters and histograms through small observers.
import client from 'prom-client';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { RelayObserver } from '../events/relay-observer.js';
import type { CallOutcome } from './instrument-methods.js';

/** Seconds: a publish confirm is ~1 ms on a local broker, seconds when it is overloaded. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const OUTBOX_STATES = ['pending', 'sent', 'dead'] as const;

export interface PublisherMetricsOptions {
  /** Source of the outbox gauges (rows by state, lag); without it they are not registered. */
  readonly prisma?: PrismaClient;
  readonly clock?: () => Date;
}

export class PublisherMetrics {
  readonly registry = new client.Registry();
  readonly relay: RelayObserver;
  private readonly httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  private readonly eventsRecorded: client.Counter<'event'>;
  private readonly provisioningCalls: client.Counter<'operation' | 'outcome'>;

  constructor(opts: PublisherMetricsOptions = {}) {
    const registers = [this.registry];
    const publishSeconds = new client.Histogram({
      name: 'waldur_outbox_publish_confirm_seconds',
      help: 'Time from the claim of a relay batch to its last broker confirm (up to 1,000 confirms in flight, batches overlapping)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const failures = new client.Counter({
      name: 'waldur_outbox_publish_failures_total',
      help: 'Failed publishes of outbox rows by error code',
      labelNames: ['code'],
      registers,
    });
    const deadRows = new client.Counter({
      name: 'waldur_outbox_dead_total',
      help: 'Outbox rows moved to state dead (their subscriber queue was deleted)',
      registers,
    });
    this.relay = {
      batch: (b) => {
        if (b.sent > 0) publishSeconds.observe(b.publishMs / 1000);
      },
      failed: (code, dead) => {
        failures.inc({ code });
        if (dead) deadRows.inc();
      },
    };
    this.httpDuration = new client.Histogram({
      name: 'waldur_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventsRecorded = new client.Counter({
      name: 'waldur_events_recorded_total',
      help: 'Outbox rows written, by the kind of change that recorded them',
      labelNames: ['event'],
      registers,
    });
    this.provisioningCalls = new client.Counter({
      name: 'waldur_broker_provisioning_calls_total',
      help: 'RabbitMQ management API operations by operation and outcome',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    if (opts.prisma !== undefined) this.registerOutboxGauges(opts.prisma, opts.clock ?? (() => new Date()));
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** Listener for instrumentMethods() on the event recorder: the result is the number of rows written. */
  readonly recorded = (event: string, outcome: CallOutcome, result: unknown): void => {
    if (outcome === 'ok' && typeof result === 'number' && result > 0)
      this.eventsRecorded.inc({ event }, result);
  };

  /** Listener for instrumentMethods() on the broker provisioner. */
  readonly provisioned = (operation: string, outcome: CallOutcome): void => {
    this.provisioningCalls.inc({ operation, outcome });
  };

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private registerOutboxGauges(prisma: PrismaClient, clock: () => Date): void {
    new client.Gauge({
      name: 'waldur_outbox_rows',
      help: 'Outbox rows by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const groups = await prisma.outboxMessage.groupBy({ by: ['state'], _count: { _all: true } });
        for (const state of OUTBOX_STATES) {
          this.set({ state }, groups.find((g) => g.state === state)?._count._all ?? 0);
        }
      },
    });
    new client.Gauge({
      name: 'waldur_outbox_lag_seconds',
      help: 'Age of the oldest pending outbox row (0 when none is pending)',
      registers: [this.registry],
      async collect() {
        const oldest = await prisma.outboxMessage.findFirst({
          where: { state: 'pending' },
          orderBy: { id: 'asc' },
          select: { createdAt: true },
        });
        this.set(oldest === null ? 0 : Math.max(0, (clock().getTime() - oldest.createdAt.getTime()) / 1000));
      },
    });
  }
}
