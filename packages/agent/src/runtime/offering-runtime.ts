// Builds one offering's runtime once: authenticated REST client (token or OIDC; TLS verification per verify_ssl),
// backends by name (order_processing_backend / membership_sync_backend share an instance when equal), processors
// and the message handler table.
import type { Logger } from 'pino';
import {
  createBackend as defaultCreateBackend,
  ExecFileCommandRunner,
  type Backend,
  type BackendDeps,
} from '../backend/backend.js';
import type { AgentMetrics } from '../metrics/agent-metrics.js';
import type { OfferingConfig } from '../config/config-schema.js';
import type { CrashPoint } from '../config/env-settings.js';
import { createHandlerTable, type HandlerTable } from '../handlers/handler-table.js';
import { MembershipProcessor } from '../processors/membership-processor.js';
import type { OfferingContext } from '../processors/offering-context.js';
import { EVENT_ORDER_RETRY, OrderProcessor, type OrderRetryOptions } from '../processors/order-processor.js';
import {
  FileCreateIntentJournal,
  createIntentJournalPath,
  type CreateIntentJournal,
} from '../state/create-intent-journal.js';
import { realSleep, type Sleep } from '../util/backoff.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { userAgent } from '../version.js';
import { OidcClientCredentialsAuth, StaticTokenAuth, type AuthProvider } from '../waldur/auth.js';
import { WaldurHttpClient, type FetchLike } from '../waldur/http-client.js';
import { WaldurApi } from '../waldur/waldur-api.js';
import { noCrash } from './test-crash-hook.js';

export type AgentMode = 'event_process' | 'order_process' | 'membership_sync' | 'report';

export type BackendFactory = (
  type: string,
  settings: unknown,
  components: unknown,
  deps: BackendDeps,
) => Backend;

export interface OfferingRuntimeOptions {
  mode: AgentMode;
  log: Logger;
  exposeBackendErrorDetails: boolean;
  orderRetry?: OrderRetryOptions;
  fetch?: FetchLike;
  sleep?: Sleep;
  createBackend?: BackendFactory;
  locks?: KeyedMutex;
  /** Folder of the durable agent state (config state_dir / WALDUR_SITE_AGENT_STATE_DIR / XDG default). */
  stateDir: string;
  /** Override of the create-intent journal (tests). Default: a JSON file per offering in stateDir. */
  intents?: CreateIntentJournal;
  /** TEST ONLY crash hook (see test-crash-hook.ts). */
  crashPoint?: (point: CrashPoint) => void;
  /** Times backend commands (docs/metrics.md#agent). */
  metrics?: AgentMetrics;
  /** IANA zone of billing months (top-level `timezone`), handed to backends. Default UTC. */
  timezone?: string;
}

export interface OfferingRuntime {
  readonly ctx: OfferingContext;
  readonly orders: OrderProcessor;
  readonly membership: MembershipProcessor;
  readonly handlers: HandlerTable;
}

function authFor(o: OfferingConfig, fetchFn: FetchLike | undefined): AuthProvider {
  if (o.waldur_api_token !== '') return new StaticTokenAuth(o.waldur_api_token);
  return new OidcClientCredentialsAuth({
    tokenUrl: o.oidc_token_url ?? '',
    clientId: o.oidc_client_id ?? '',
    clientSecret: o.oidc_client_secret ?? '',
    ...(fetchFn === undefined ? {} : { fetch: fetchFn as typeof fetch }),
  });
}

/** verify_ssl: false needs an undici dispatcher that skips certificate checks (global fetch cannot). */
async function insecureFetch(): Promise<FetchLike> {
  const undici = await import('undici');
  const dispatcher = new undici.Agent({ connect: { rejectUnauthorized: false } });
  // undici's Response is structurally the WHATWG Response the rest of the client reads.
  return (url, init) =>
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    undici.fetch(url, { ...(init as unknown as Parameters<typeof undici.fetch>[1]), dispatcher });
}

export async function createOfferingRuntime(
  offering: OfferingConfig,
  options: OfferingRuntimeOptions,
): Promise<OfferingRuntime> {
  const log = options.log.child({ offering: offering.name, offeringUuid: offering.waldur_offering_uuid });
  const fetchFn = options.fetch ?? (offering.verify_ssl ? undefined : await insecureFetch());
  const http = new WaldurHttpClient({
    apiUrl: offering.waldur_api_url,
    auth: authFor(offering, fetchFn),
    userAgent: userAgent(options.mode),
    log,
    ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const factory = options.createBackend ?? defaultCreateBackend;
  const backends = new Map<string, Backend>();
  const runner = options.metrics?.timedRunner(new ExecFileCommandRunner());
  const backendNamed = (name: string | null): Backend | null => {
    if (name === null || name === '') return null;
    const key = name.toLowerCase();
    let backend = backends.get(key);
    if (backend === undefined) {
      backend = factory(key, offering.backend_settings, offering.backend_components, {
        log: log.child({ backend: key }),
        ...(runner === undefined ? {} : { runner }),
        ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
      });
      backends.set(key, backend);
    }
    return backend;
  };
  const ctx: OfferingContext = {
    offering,
    api: new WaldurApi(http),
    orderBackend: backendNamed(offering.order_processing_backend),
    membershipBackend: backendNamed(offering.membership_sync_backend),
    reportingBackend: backendNamed(offering.reporting_backend),
    exposeBackendErrorDetails: options.exposeBackendErrorDetails,
    locks: options.locks ?? new KeyedMutex(),
    log,
    sleep: options.sleep ?? realSleep,
    intents:
      options.intents ??
      new FileCreateIntentJournal(createIntentJournalPath(options.stateDir, offering.waldur_offering_uuid)),
    crashPoint: options.crashPoint ?? noCrash,
  };
  const orders = new OrderProcessor(ctx, options.orderRetry ?? EVENT_ORDER_RETRY);
  const membership = new MembershipProcessor(ctx);
  return { ctx, orders, membership, handlers: createHandlerTable({ ctx, orders, membership }) };
}
