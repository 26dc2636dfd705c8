import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfigFile, parseConfig, parseConfigText } from './load-config.js';

const UUID = 'd3f1c0de-0000-4000-8000-00000000abcd';

function offering(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Cluster',
    waldur_api_url: 'https://waldur.example.com/api',
    waldur_api_token: 'tok',
    waldur_offering_uuid: UUID,
    backend_type: 'SLURM',
    ...overrides,
  };
}

function issuesOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: real agent keys and defaults', () => {
  it('applies every top-level default', () => {
    const { config } = parseConfig({ offerings: [offering()] });
    expect(config).toMatchObject({
      sentry_dsn: null,
      elastic_apm_server_url: null,
      timezone: 'UTC',
      global_proxy: '',
      log_level: 'INFO',
      reporting_periods: 2,
      expose_backend_error_details: true,
      log_shipping: { enabled: false, ship_interval_seconds: 60, buffer_size_mb: 1, log_level: 'WARNING' },
      heartbeat_file: null,
      state_dir: null,
      shutdown_timeout_seconds: 30,
    });
  });

  it('applies every per-offering default, including the documented extensions', () => {
    const o = parseConfig({ offerings: [offering()] }).config.offerings[0];
    expect(o).toEqual({
      name: 'Cluster',
      waldur_api_url: 'https://waldur.example.com/api/',
      waldur_api_token: 'tok',
      oidc_token_url: null,
      oidc_client_id: null,
      oidc_client_secret: null,
      waldur_offering_uuid: UUID,
      backend_type: 'slurm',
      backend_settings: {},
      backend_components: {},
      websocket_use_tls: true,
      stomp_enabled: false,
      stomp_membership_sync_enabled: null,
      stomp_ws_host: null,
      stomp_ws_port: null,
      stomp_ws_path: null,
      order_processing_backend: '',
      membership_sync_backend: '',
      reporting_backend: '',
      username_management_backend: 'base',
      resource_import_enabled: false,
      username_reconciliation_enabled: false,
      preserve_unmanaged_backend_users: false,
      verify_ssl: true,
      omit_anomalous_usage_components: false,
      stomp_ack_mode: 'client-individual',
      stomp_prefetch: 100,
      stomp_max_delivery_attempts: 5,
      stomp_retry_delay_seconds: 1,
      stomp_ws_ca_file: null,
      stomp_ws_verify_tls: true,
      stomp_connection_timeout_seconds: 30,
      stomp_reconnect_initial_delay_seconds: 1,
      stomp_reconnect_max_delay_seconds: 120,
      stomp_reconnect_multiplier: 2,
      stomp_reconnect_jitter: 'full',
      stomp_reconnect_jitter_ratio: 0.25,
      stomp_unified_queue: false,
    });
  });

  it('keeps explicit values of every key', () => {
    const raw = {
      sentry_dsn: 'https://key@sentry.example.com/42',
      timezone: 'Europe/Tallinn',
      log_level: 'debug',
      reporting_periods: 12,
      expose_backend_error_details: false,
      heartbeat_file: '/run/agent-hb',
      state_dir: '/var/lib/waldur-site-agent',
      offerings: [
        offering({
          waldur_api_url: 'http://localhost:8000/api/',
          backend_settings: { default_account: 'root', periodic_limits: { enabled: true } },
          backend_components: {
            cpu: {
              measured_unit: 'k-Hours',
              unit_factor: 60000,
              accounting_type: 'limit',
              label: 'CPU',
              limit: 10,
              extra: 'kept',
            },
          },
          websocket_use_tls: false,
          stomp_enabled: true,
          stomp_membership_sync_enabled: false,
          stomp_ws_host: 'mq.example.com',
          stomp_ws_port: 15674,
          stomp_ws_path: '/ws',
          order_processing_backend: 'slurm',
          membership_sync_backend: 'slurm',
          reporting_backend: 'slurm',
          resource_import_enabled: true,
          verify_ssl: false,
          stomp_ack_mode: 'auto',
          stomp_prefetch: 100,
          stomp_max_delivery_attempts: 2,
          stomp_ws_ca_file: '/etc/ca.pem',
          stomp_ws_verify_tls: false,
          stomp_reconnect_jitter: 'bounded',
        }),
      ],
    };
    const { config } = parseConfig(raw);
    expect(config.log_level).toBe('DEBUG');
    expect(config.reporting_periods).toBe(12);
    expect(config.sentry_dsn).toBe('https://key@sentry.example.com/42');
    expect(config.state_dir).toBe('/var/lib/waldur-site-agent');
    const o = config.offerings[0];
    expect(o?.backend_components.cpu).toEqual({
      measured_unit: 'k-Hours',
      unit_factor: 60000,
      unit_factor_reporting: null,
      accounting_type: 'limit',
      label: 'CPU',
      limit: 10,
      extra: 'kept',
    });
    expect(o).toMatchObject({
      stomp_ws_port: 15674,
      stomp_ack_mode: 'auto',
      stomp_prefetch: 100,
      stomp_reconnect_jitter: 'bounded',
      verify_ssl: false,
    });
  });

  it('appends one trailing slash to waldur_api_url and lower-cases backend_type', () => {
    const o = parseConfig({
      offerings: [offering({ waldur_api_url: 'https://x.example/api/', backend_type: 'Slurm' })],
    }).config.offerings[0];
    expect(o?.waldur_api_url).toBe('https://x.example/api/');
    expect(o?.backend_type).toBe('slurm');
  });

  it('accepts OIDC credentials instead of a token', () => {
    const o = parseConfig({
      offerings: [
        offering({
          waldur_api_token: '',
          oidc_token_url: 'https://idp/token',
          oidc_client_id: 'id',
          oidc_client_secret: 's',
        }),
      ],
    }).config.offerings[0];
    expect(o?.oidc_client_id).toBe('id');
  });

  it('treats an empty sentry_dsn as unset', () => {
    expect(parseConfig({ sentry_dsn: '', offerings: [offering()] }).config.sentry_dsn).toBeNull();
  });
});

describe('parseConfig: errors name the bad key', () => {
  it.each([
    [
      { offerings: [offering({ waldur_api_url: 'ftp://x' })] },
      'offerings[0].waldur_api_url: must start with http:// or https://',
    ],
    [{ offerings: [offering({ name: undefined })] }, 'offerings[0].name: is required'],
    [
      { offerings: [offering({ waldur_offering_uuid: undefined })] },
      'offerings[0].waldur_offering_uuid: is required',
    ],
    [
      { offerings: [offering({ waldur_offering_uuid: 'not-a-uuid' })] },
      'offerings[0].waldur_offering_uuid: must be a UUID (32 hex digits, dashes allowed)',
    ],
    [{ offerings: [offering({ backend_type: undefined })] }, 'offerings[0].backend_type: is required'],
    [
      { offerings: [offering({ stomp_enabled: 'yes' })] },
      'offerings[0].stomp_enabled: Invalid input: expected boolean, received string',
    ],
    [
      { offerings: [offering({ stomp_ws_port: 70000 })] },
      'offerings[0].stomp_ws_port: Too big: expected number to be <=65535',
    ],
    [
      { offerings: [offering({ stomp_ack_mode: 'client' })] },
      'offerings[0].stomp_ack_mode: Invalid option: expected one of "client-individual"|"auto"',
    ],
    [
      { offerings: [offering({ stomp_prefetch: 0 })] },
      'offerings[0].stomp_prefetch: Too small: expected number to be >=1',
    ],
    [
      { offerings: [offering({ stomp_max_delivery_attempts: 1.5 })] },
      'offerings[0].stomp_max_delivery_attempts: Invalid input: expected int, received number',
    ],
    [
      {
        offerings: [
          offering({
            oidc_token_url: 'idp/token',
            waldur_api_token: '',
            oidc_client_id: 'a',
            oidc_client_secret: 'b',
          }),
        ],
      },
      'offerings[0].oidc_token_url: must start with http:// or https://',
    ],
    [
      { offerings: [offering({ backend_components: { cpu: { measured_unit: 'h', label: 'CPU' } } })] },
      'offerings[0].backend_components.cpu.accounting_type: is required',
    ],
    [
      {
        offerings: [
          offering({
            backend_components: { cpu: { measured_unit: 'h', label: 'CPU', accounting_type: 'monthly' } },
          }),
        ],
      },
      'offerings[0].backend_components.cpu.accounting_type: must be one of usage, limit, one',
    ],
    [
      {
        offerings: [
          offering({ stomp_reconnect_initial_delay_seconds: 10, stomp_reconnect_max_delay_seconds: 5 }),
        ],
      },
      'offerings[0].stomp_reconnect_max_delay_seconds: must be >= stomp_reconnect_initial_delay_seconds',
    ],
    [
      { offerings: [offering()], timezone: 'Mars/Olympus' },
      'timezone: must be a valid IANA time zone name (e.g. UTC, Europe/Tallinn)',
    ],
    [
      { offerings: [offering()], log_level: 'LOUD' },
      'log_level: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL',
    ],
    [
      { offerings: [offering()], reporting_periods: 13 },
      'reporting_periods: Too big: expected number to be <=12',
    ],
    [{ offerings: [offering()], sentry_dsn: 'not a url' }, 'sentry_dsn: must be a valid URL'],
    [{ offerings: [offering()], state_dir: '' }, 'state_dir: must not be empty'],
    [{ offerings: [offering()], state_dir: 7 }, 'state_dir: must be a string'],
    [
      { offerings: [offering()], expose_backend_error_details: 'no' },
      'expose_backend_error_details: Invalid input: expected boolean, received string',
    ],
    [{}, 'offerings: is required'],
    [{ offerings: 'x' }, 'offerings: must be a list of offerings'],
    [{ offerings: ['x'] }, 'offerings[0]: must be a mapping'],
  ])('%j -> %s', (raw, expected) => {
    expect(issuesOf(raw)).toContain(expected);
  });

  it('requires a token or the full OIDC trio', () => {
    expect(issuesOf({ offerings: [offering({ waldur_api_token: '' })] })).toContain(
      'offerings[0].waldur_api_token: is blank: set it, or set all of oidc_token_url, oidc_client_id, oidc_client_secret',
    );
    expect(issuesOf({ offerings: [offering({ oidc_client_id: 'only-one' })] })).toContain(
      'offerings[0].oidc_token_url: oidc_token_url, oidc_client_id and oidc_client_secret must be set together; only some of them are set',
    );
  });

  it('refuses STOMP without a static token (it is the STOMP passcode)', () => {
    const raw = {
      offerings: [
        offering({
          stomp_enabled: true,
          waldur_api_token: '',
          oidc_token_url: 'https://i/t',
          oidc_client_id: 'a',
          oidc_client_secret: 'b',
        }),
      ],
    };
    expect(issuesOf(raw)).toContain(
      'offerings[0].waldur_api_token: stomp_enabled requires waldur_api_token (it is the STOMP passcode); OIDC-only offerings must use polling',
    );
  });

  it('reports every problem at once, for every offering, in the error message', () => {
    try {
      parseConfig(
        { offerings: [offering({ waldur_api_url: 'x' }), offering({ backend_type: undefined })] },
        '/etc/agent.yaml',
      );
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).code).toBe('ERR_CONFIG_INVALID');
      expect((err as Error).message).toBe(
        'Invalid configuration in /etc/agent.yaml:\n' +
          'offerings[0].waldur_api_url: must start with http:// or https://\n' +
          'offerings[1].backend_type: is required',
      );
    }
  });

  it('rejects a non-mapping document', () => {
    expect(() => parseConfig(['a'])).toThrow(/top level must be a mapping/);
  });
});

describe('parseConfig: warnings', () => {
  it('warns about MISCONFIGURATION when membership sync is assigned to STOMP but STOMP is off', () => {
    const { warnings } = parseConfig({ offerings: [offering({ stomp_membership_sync_enabled: true })] });
    expect(
      warnings.some((w) =>
        w.startsWith(
          "MISCONFIGURATION for offering 'Cluster': stomp_membership_sync_enabled=true but stomp_enabled=false",
        ),
      ),
    ).toBe(true);
  });

  it('warns about unknown keys instead of failing (the real agent ignores them)', () => {
    const { warnings } = parseConfig({ surprise: 1, offerings: [offering({ stomp_ws_prot: 1 })] });
    expect(warnings).toContain('surprise: unknown key, ignored');
    expect(warnings).toContain('offerings[0].stomp_ws_prot: unknown key, ignored');
  });

  it('warns when the default STOMP port (from verify_ssl) disagrees with websocket_use_tls', () => {
    const { warnings } = parseConfig({
      offerings: [offering({ stomp_enabled: true, websocket_use_tls: false })],
    });
    expect(warnings.some((w) => w.includes('default STOMP port 443 follows verify_ssl'))).toBe(true);
  });

  it('warns about unsupported options rather than pretending to honour them', () => {
    const { warnings } = parseConfig({
      global_proxy: 'http://proxy:3128',
      elastic_apm_server_url: 'http://apm:8200',
      log_shipping: { enabled: true },
      offerings: [offering({ stomp_ack_mode: 'auto' })],
    });
    expect(warnings).toEqual(
      expect.arrayContaining([
        'global_proxy: proxies are not supported by this agent, ignored',
        'elastic_apm_server_url: Elastic APM is not supported, ignored',
        'log_shipping.enabled: log shipping is not implemented, ignored',
        'offerings[0].stomp_ack_mode: auto acks on delivery (real agent behaviour); a failing handler loses the message',
      ]),
    );
  });
});

describe('parseConfigText / loadConfigFile', () => {
  it('reads the real agent YAML format unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agent-config-'));
    const file = join(dir, 'waldur-site-agent-config.yaml');
    await writeFile(
      file,
      `sentry_dsn: ""
timezone: "UTC"
offerings:
  - name: "Example SLURM Offering"
    waldur_api_url: "http://localhost:8081/api/"
    waldur_api_token: "token"
    waldur_offering_uuid: "${UUID.replaceAll('-', '')}"
    stomp_enabled: true
    websocket_use_tls: false
    stomp_ws_host: "localhost"
    stomp_ws_port: 15674
    stomp_ws_path: "/ws"
    order_processing_backend: "slurm"
    membership_sync_backend: "slurm"
    reporting_backend: "slurm"
    backend_type: "slurm"
    backend_settings:
      default_account: "root"
      customer_prefix: "hpc_"
      project_prefix: "hpc_"
      allocation_prefix: "hpc_"
    backend_components:
      cpu:
        limit: 10
        measured_unit: "k-Hours"
        unit_factor: 60000
        accounting_type: "limit"
        label: "CPU"
`,
    );
    const { config, warnings } = await loadConfigFile(file);
    expect(warnings).toEqual([]);
    expect(config.configFilePath).toBe(file);
    expect(config.offerings[0]?.stomp_ws_port).toBe(15674);
    expect(config.offerings[0]?.backend_settings).toMatchObject({ customer_prefix: 'hpc_' });
  });

  it('names the file when it cannot be read', async () => {
    await expect(loadConfigFile('/nonexistent/agent.yaml')).rejects.toMatchObject({
      code: 'ERR_CONFIG_READ',
      message: 'Cannot read config file /nonexistent/agent.yaml: file not found',
    });
  });

  it('reports YAML syntax errors with their position', () => {
    try {
      parseConfigText('offerings:\n  - name: [unclosed\n', 'bad.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).code).toBe('ERR_CONFIG_YAML');
      expect((err as Error).message).toMatch(/^bad\.yaml: not valid YAML: .*line/s);
    }
  });

  it('rejects an empty file with a clear message', () => {
    expect(() => parseConfigText('', 'empty.yaml')).toThrow('empty.yaml: the top level must be a mapping');
  });
});
