// The real waldur-site-agent YAML format (docs/agent.md#configuration, `common/structures.py`) as zod schemas, plus our
// documented extensions (stomp_ack_mode, prefetch, delivery attempts, TLS and reconnect settings,
// heartbeat_file, state_dir, metrics_port/metrics_host). Existing config files load unchanged; defaults match the real agent.
import { z } from 'zod';
import { USERNAME_MANAGEMENT_BACKENDS } from '../usernames/username-backends.js';

/** Builds a zod error callback that says "is required" for a missing key and `typeMessage` otherwise. */
function required(typeMessage: string): { error: (issue: { input: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? 'is required' : typeMessage) };
}

const HTTP_URL_MESSAGE = 'must start with http:// or https://';
const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const STOMP_ACK_MODES = ['client-individual', 'auto'] as const;
export type StompAckMode = (typeof STOMP_ACK_MODES)[number];

export const RECONNECT_JITTER_MODES = ['full', 'bounded'] as const;
export type ReconnectJitterMode = (typeof RECONNECT_JITTER_MODES)[number];

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Optional URL that treats null and "" as "not set" (the real agent's sentry_dsn / APM validators). */
const optionalUrl = z
  .string(required('must be a string'))
  .nullable()
  .default(null)
  .transform((v) => (v === null || v === '' ? null : v))
  .refine((v) => v === null || URL.canParse(v), { error: 'must be a valid URL' });

/** `backend_components.<name>`: core keys validated, plugin-specific extras kept (pydantic extra="allow"). */
export const backendComponentSchema = z.looseObject({
  measured_unit: z.string(required('must be a string')),
  unit_factor: z.number(required('must be a number')).default(1),
  unit_factor_reporting: z.number().nullable().default(null),
  accounting_type: z.enum(['usage', 'limit', 'one'], required('must be one of usage, limit, one')),
  label: z.string(required('must be a string')),
  limit: z.number().nullable().default(null),
});
export type BackendComponentConfig = z.output<typeof backendComponentSchema>;

export const logShippingSchema = z.object({
  enabled: z.boolean().default(false),
  ship_interval_seconds: z.int().min(10).default(60),
  buffer_size_mb: z.int().min(1).default(1),
  log_level: z.string().default('WARNING'),
});

/** Keys of one `offerings[]` entry. */
export const offeringSchema = z
  .object({
    name: z.string(required('must be a string')),
    waldur_api_url: z
      .string(required('must be a string'))
      .refine((v) => v.startsWith('http://') || v.startsWith('https://'), { error: HTTP_URL_MESSAGE })
      .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
    waldur_api_token: z.string('must be a string').default(''),
    oidc_token_url: z
      .string()
      .nullable()
      .default(null)
      .refine((v) => v === null || v.startsWith('http://') || v.startsWith('https://'), {
        error: HTTP_URL_MESSAGE,
      }),
    oidc_client_id: z.string().nullable().default(null),
    oidc_client_secret: z.string().nullable().default(null),
    waldur_offering_uuid: z
      .string(required('must be a string'))
      .refine((v) => UUID_PATTERN.test(v), { error: 'must be a UUID (32 hex digits, dashes allowed)' }),
    backend_type: z.string(required('must be a string')).transform((v) => v.toLowerCase()),
    backend_settings: z.record(z.string(), z.unknown()).default({}),
    backend_components: z.record(z.string(), backendComponentSchema).default({}),

    websocket_use_tls: z.boolean().default(true),
    stomp_enabled: z.boolean().default(false),
    stomp_membership_sync_enabled: z.boolean().nullable().default(null),
    stomp_ws_host: z.string().nullable().default(null),
    stomp_ws_port: z.int().min(1).max(65535).nullable().default(null),
    stomp_ws_path: z.string().nullable().default(null),

    order_processing_backend: z.string().nullable().default(''),
    membership_sync_backend: z.string().nullable().default(''),
    reporting_backend: z.string().nullable().default(''),
    // docs/agent.md#username-management: an unknown name is refused (the real agent falls back to "generate nothing").
    username_management_backend: z
      .string('must be a string')
      .default('base')
      .refine((v) => USERNAME_MANAGEMENT_BACKENDS.includes(v), {
        error: `must be one of ${USERNAME_MANAGEMENT_BACKENDS.join(', ')}`,
      }),

    resource_import_enabled: z.boolean().default(false),
    username_reconciliation_enabled: z.boolean().default(false),
    preserve_unmanaged_backend_users: z.boolean().default(false),
    verify_ssl: z.boolean().default(true),
    omit_anomalous_usage_components: z.boolean().default(false),

    // --- extensions (not in the real agent; documented in README "Config extensions") ---
    stomp_ack_mode: z.enum(STOMP_ACK_MODES).default('client-individual'),
    // RabbitMQ's guidance for throughput is 100–300; 20 held the consumer at ~70 % of this rate (docs/agent.md).
    stomp_prefetch: z.int().min(1).max(65535).default(100),
    stomp_max_delivery_attempts: z.int().min(1).default(5),
    stomp_retry_delay_seconds: z.number().min(0).default(1),
    stomp_ws_ca_file: z.string().nullable().default(null),
    stomp_ws_verify_tls: z.boolean().default(true),
    stomp_connection_timeout_seconds: z.number().positive().default(30),
    stomp_reconnect_initial_delay_seconds: z.number().positive().default(1),
    stomp_reconnect_max_delay_seconds: z.number().positive().default(120),
    stomp_reconnect_multiplier: z.number().min(1).default(2),
    stomp_reconnect_jitter: z.enum(RECONNECT_JITTER_MODES).default('full'),
    stomp_reconnect_jitter_ratio: z.number().min(0).max(1).default(0.25),
    // Waldur's unified consumer path: one register_queue call and one consumer_<uuid> queue for all object types.
    stomp_unified_queue: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    const oidc = [o.oidc_token_url, o.oidc_client_id, o.oidc_client_secret];
    const someOidc = oidc.some((v) => v !== null && v !== '');
    const allOidc = oidc.every((v) => v !== null && v !== '');
    if (someOidc && !allOidc) {
      ctx.addIssue({
        code: 'custom',
        path: ['oidc_token_url'],
        message:
          'oidc_token_url, oidc_client_id and oidc_client_secret must be set together; only some of them are set',
      });
    }
    if (o.waldur_api_token === '' && !allOidc) {
      ctx.addIssue({
        code: 'custom',
        path: ['waldur_api_token'],
        message: 'is blank: set it, or set all of oidc_token_url, oidc_client_id, oidc_client_secret',
      });
    }
    if (o.stomp_enabled && o.waldur_api_token === '') {
      // Fixes docs/agent.md#quirk-passcode-is-the-static-token: the STOMP passcode is the static token; OIDC-only would send an empty one.
      ctx.addIssue({
        code: 'custom',
        path: ['waldur_api_token'],
        message:
          'stomp_enabled requires waldur_api_token (it is the STOMP passcode); OIDC-only offerings must use polling',
      });
    }
    if (o.stomp_reconnect_max_delay_seconds < o.stomp_reconnect_initial_delay_seconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['stomp_reconnect_max_delay_seconds'],
        message: 'must be >= stomp_reconnect_initial_delay_seconds',
      });
    }
  });
export type OfferingConfig = z.output<typeof offeringSchema>;

/** Top level of the YAML file. */
export const rootConfigSchema = z.object({
  offerings: z.array(z.unknown(), required('must be a list of offerings')),
  sentry_dsn: optionalUrl,
  elastic_apm_server_url: optionalUrl,
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { error: 'must be a valid IANA time zone name (e.g. UTC, Europe/Tallinn)' }),
  global_proxy: z
    .string()
    .nullable()
    .default('')
    .transform((v) => v ?? ''),
  log_level: z
    .string()
    .default('INFO')
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  reporting_periods: z.int().min(1).max(12).default(2),
  expose_backend_error_details: z.boolean().default(true),
  log_shipping: logShippingSchema.prefault({}),
  // --- extensions ---
  heartbeat_file: z.string().nullable().default(null),
  /** Folder for the agent's durable state (create-intent journal). null: $XDG_STATE_HOME/waldur-site-agent. */
  state_dir: z
    .string(required('must be a string'))
    .min(1, { error: 'must not be empty' })
    .nullable()
    .default(null),
  shutdown_timeout_seconds: z.number().positive().default(30),
  /** Prometheus metrics listener (docs/metrics.md#agent); null: off. */
  metrics_port: z.int().min(0).max(65535).nullable().default(null),
  metrics_host: z.string().min(1, { error: 'must not be empty' }).default('127.0.0.1'),
});
export type RootConfigInput = z.output<typeof rootConfigSchema>;

/** Keys the loader knows, used to warn (not fail, like pydantic's "ignore") about unknown ones. */
export const KNOWN_ROOT_KEYS: ReadonlySet<string> = new Set(Object.keys(rootConfigSchema.shape));
export const KNOWN_OFFERING_KEYS: ReadonlySet<string> = new Set(Object.keys(offeringSchema.shape));
