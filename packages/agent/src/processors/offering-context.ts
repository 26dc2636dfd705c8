// Everything a processor or handler needs for one configured offering, built once per offering (the real agent
// rebuilt REST client, backend and processor per message, docs/agent.md#rest-client).
import type { Logger } from 'pino';
import type { Backend } from '../backend/backend.js';
import type { OfferingConfig } from '../config/config-schema.js';
import type { CrashPoint } from '../config/env-settings.js';
import type { CreateIntentJournal } from '../state/create-intent-journal.js';
import type { KeyedMutex } from '../util/keyed-mutex.js';
import type { Sleep } from '../util/backoff.js';
import type { WaldurApi } from '../waldur/waldur-api.js';

export interface OfferingContext {
  readonly offering: OfferingConfig;
  readonly api: WaldurApi;
  /** Backend named by order_processing_backend (null: order processing disabled). */
  readonly orderBackend: Backend | null;
  /** Backend named by membership_sync_backend (null: membership sync disabled). */
  readonly membershipBackend: Backend | null;
  /** Backend named by reporting_backend (null: usage reporting disabled). */
  readonly reportingBackend: Backend | null;
  readonly exposeBackendErrorDetails: boolean;
  /** Per-object locks shared by every path of this process. */
  readonly locks: KeyedMutex;
  readonly log: Logger;
  readonly sleep: Sleep;
  /** Durable "about to create backend id X for resource R" records (crash safety of order creation). */
  readonly intents: CreateIntentJournal;
  /** TEST ONLY hook (WALDUR_SITE_AGENT_TEST_CRASH_AFTER): may end the process at the named point. No-op otherwise. */
  readonly crashPoint: (point: CrashPoint) => void;
}
