// The dependency bag the HTTP layer (buildApp) and the CLI share: database client, broker provisioner,
// event recorder, quotas, and the injectable clock / id / token generators.
import { randomBytes, randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { ManagementApiProvisioner, type BrokerProvisioner } from './broker/broker-provisioner.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { OutboxEventRecorder, type EventRecorder } from './events/event-recorder.js';
import { DEFAULT_LIMITS, type PublisherLimits } from './limits.js';
import {
  DEFAULT_DB_POOL_SIZE,
  ProvisioningGate,
  provisioningConcurrencyFor,
  type ProvisioningGateOptions,
} from './http/provisioning-gate.js';
import { instrumentMethods } from './metrics/instrument-methods.js';
import type { PublisherMetrics } from './metrics/publisher-metrics.js';

export interface PublisherServices {
  readonly prisma: PrismaClient;
  readonly provisioner: BrokerProvisioner;
  readonly events: EventRecorder;
  /** Quotas and broker limits applied by provisioning. */
  readonly limits: PublisherLimits;
  /** Admission to broker provisioning: per user in order, a bounded number at once (docs/guarantees.md#overload). */
  readonly provisioningGate: ProvisioningGate;
  readonly clock: () => Date;
  /** 32 lowercase hex (Waldur StringUUID). */
  readonly newId: () => string;
  /** 40 lowercase hex (DRF token key). */
  readonly newToken: () => string;
  readonly log: Logger;
  /** Absolute base for `url` fields, e.g. http://127.0.0.1:8000 (no trailing slash). */
  readonly publicBaseUrl: string;
  /** Prometheus metrics (served at /metrics by buildApp) when enabled. */
  readonly metrics: PublisherMetrics | undefined;
}

export interface CreateServicesOptions {
  readonly prisma: PrismaClient;
  readonly publicBaseUrl: string;
  /** Management API base (credentials embedded or given separately); needed unless `provisioner` is. */
  readonly rabbitmqManagementUrl?: string;
  readonly provisioner?: BrokerProvisioner;
  readonly events?: EventRecorder;
  /** Overrides of DEFAULT_LIMITS. */
  readonly limits?: Partial<PublisherLimits>;
  /** Provisioning admission; default: half of DEFAULT_DB_POOL_SIZE at once, 503 after 20 s of waiting. */
  readonly provisioning?: Partial<ProvisioningGateOptions>;
  readonly clock?: () => Date;
  readonly newId?: () => string;
  readonly newToken?: () => string;
  readonly log?: Logger;
  /** Counts provisioning calls and recorded events, and is served at /metrics. */
  readonly metrics?: PublisherMetrics;
}

export const newHexId = (): string => randomUUID().replaceAll('-', '');
export const newTokenKey = (): string => randomBytes(20).toString('hex');

export function createServices(opts: CreateServicesOptions): PublisherServices {
  const log = opts.log ?? pino({ level: 'silent' });
  let provisioner = opts.provisioner;
  if (provisioner === undefined) {
    if (opts.rabbitmqManagementUrl === undefined) {
      throw new TypeError('createServices needs rabbitmqManagementUrl or provisioner');
    }
    provisioner = new ManagementApiProvisioner({ managementUrl: opts.rabbitmqManagementUrl });
  }
  let events = opts.events ?? new OutboxEventRecorder({ log });
  const metrics = opts.metrics;
  if (metrics !== undefined) {
    provisioner = instrumentMethods(provisioner, metrics.provisioned);
    events = instrumentMethods(events, metrics.recorded);
  }
  return {
    prisma: opts.prisma,
    provisioner,
    events,
    metrics,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    provisioningGate: new ProvisioningGate({
      concurrency: provisioningConcurrencyFor(DEFAULT_DB_POOL_SIZE),
      ...opts.provisioning,
    }),
    clock: opts.clock ?? (() => new Date()),
    newId: opts.newId ?? newHexId,
    newToken: opts.newToken ?? newTokenKey,
    log,
    publicBaseUrl: opts.publicBaseUrl.replace(/\/+$/, ''),
  };
}
