// Builds an OfferingContext around the fakes with a silent logger and instant sleeps.
import { pino, type Logger } from 'pino';
import { offeringSchema, type OfferingConfig } from '../config/config-schema.js';
import { MembershipProcessor } from '../processors/membership-processor.js';
import type { OfferingContext } from '../processors/offering-context.js';
import { OrderProcessor } from '../processors/order-processor.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import type { FakeBackend } from './fake-backend.js';
import { MemoryCreateIntentJournal } from './memory-intent-journal.js';
import { OFFERING_UUID, type FakeWaldur } from './fake-waldur.js';

export const silentLog: Logger = pino({ level: 'silent' });

export function testOffering(overrides: Record<string, unknown> = {}): OfferingConfig {
  return offeringSchema.parse({
    name: 'Test SLURM',
    waldur_api_url: 'http://waldur.test/api/',
    waldur_api_token: 'token-1',
    waldur_offering_uuid: OFFERING_UUID,
    backend_type: 'slurm',
    order_processing_backend: 'slurm',
    membership_sync_backend: 'slurm',
    stomp_enabled: true,
    ...overrides,
  });
}

export interface TestRig {
  ctx: OfferingContext;
  orders: OrderProcessor;
  membership: MembershipProcessor;
  sleeps: number[];
}

export function testRig(
  waldur: FakeWaldur,
  backend: FakeBackend | null,
  overrides: Partial<OfferingContext> = {},
): TestRig {
  const sleeps: number[] = [];
  const ctx: OfferingContext = {
    offering: testOffering(),
    api: waldur.asApi(),
    orderBackend: backend,
    membershipBackend: backend,
    reportingBackend: backend,
    exposeBackendErrorDetails: true,
    locks: new KeyedMutex(),
    log: silentLog,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    intents: new MemoryCreateIntentJournal(),
    crashPoint: () => undefined,
    ...overrides,
  };
  return {
    ctx,
    orders: new OrderProcessor(ctx, { attempts: 3, delayMs: 5 }),
    membership: new MembershipProcessor(ctx),
    sleeps,
  };
}
