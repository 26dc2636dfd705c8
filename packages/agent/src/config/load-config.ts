// Reads and validates the agent's YAML config. Errors name the key path (`offerings[0].waldur_api_url: ...`);
// things the real agent merely tolerates (unknown keys, inert settings) come back as warnings to log.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatConfigIssues, type ConfigIssue } from './config-error.js';
import {
  KNOWN_OFFERING_KEYS,
  KNOWN_ROOT_KEYS,
  offeringSchema,
  rootConfigSchema,
  type OfferingConfig,
  type RootConfigInput,
} from './config-schema.js';

export const DEFAULT_CONFIG_FILE = 'waldur-site-agent-config.yaml';

export interface AgentConfig extends Omit<RootConfigInput, 'offerings'> {
  offerings: OfferingConfig[];
  /** Path the config was read from ('' when parsed from memory). */
  configFilePath: string;
}

export interface LoadedConfig {
  config: AgentConfig;
  /** Non-fatal findings to log at WARNING (unknown keys, MISCONFIGURATION, unsupported options). */
  warnings: string[];
}

function pathToString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${String(p)}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function toIssues(error: z.ZodError, prefix: readonly PropertyKey[]): ConfigIssue[] {
  return error.issues.map((i) => ({ path: pathToString([...prefix, ...i.path]), message: i.message }));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function offeringWarnings(o: OfferingConfig, raw: Record<string, unknown>, index: number): string[] {
  const where = `offerings[${String(index)}]`;
  const warnings: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OFFERING_KEYS.has(key)) warnings.push(`${where}.${key}: unknown key, ignored`);
  }
  if (o.stomp_membership_sync_enabled === true && !o.stomp_enabled) {
    warnings.push(
      `MISCONFIGURATION for offering '${o.name}': stomp_membership_sync_enabled=true but stomp_enabled=false. ` +
        'Membership sync will NOT run at all -- the polling agent skips it (it assumes STOMP owns it) and the ' +
        'STOMP consumers are never started (they require stomp_enabled=true). Fix: set stomp_enabled=true to use ' +
        'event-based membership sync, or remove stomp_membership_sync_enabled to fall back to HTTP polling.',
    );
  }
  if (o.stomp_enabled && o.stomp_ws_port === null && o.websocket_use_tls !== o.verify_ssl) {
    const port = o.verify_ssl ? 443 : 80;
    warnings.push(
      `${where}: default STOMP port ${String(port)} follows verify_ssl (real agent behaviour), but websocket_use_tls=` +
        `${String(o.websocket_use_tls)} selects ${o.websocket_use_tls ? 'wss' : 'ws'}://; set stomp_ws_port explicitly`,
    );
  }
  if (o.stomp_ack_mode === 'auto') {
    warnings.push(
      `${where}.stomp_ack_mode: auto acks on delivery (real agent behaviour); a failing handler loses the message`,
    );
  }
  return warnings;
}

/** Validates an already-parsed YAML document. Throws ConfigError ERR_CONFIG_INVALID listing every bad key. */
export function parseConfig(raw: unknown, configFilePath = ''): LoadedConfig {
  if (!isPlainObject(raw)) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      `${configFilePath || 'config'}: the top level must be a mapping`,
      {
        issues: [{ path: '', message: 'the top level must be a mapping with an `offerings` list' }],
      },
    );
  }
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const root = rootConfigSchema.safeParse(raw);
  if (!root.success) issues.push(...toIssues(root.error, []));
  for (const key of Object.keys(raw)) {
    if (!KNOWN_ROOT_KEYS.has(key)) warnings.push(`${key}: unknown key, ignored`);
  }

  const offerings: OfferingConfig[] = [];
  const rawOfferings = Array.isArray(raw.offerings) ? (raw.offerings as unknown[]) : [];
  rawOfferings.forEach((entry, index) => {
    if (!isPlainObject(entry)) {
      issues.push({ path: `offerings[${String(index)}]`, message: 'must be a mapping' });
      return;
    }
    const parsed = offeringSchema.safeParse(entry);
    if (!parsed.success) {
      issues.push(...toIssues(parsed.error, ['offerings', index]));
      return;
    }
    offerings.push(parsed.data);
    warnings.push(...offeringWarnings(parsed.data, entry, index));
  });

  if (issues.length > 0 || !root.success) {
    const head = configFilePath ? `Invalid configuration in ${configFilePath}` : 'Invalid configuration';
    throw new ConfigError('ERR_CONFIG_INVALID', `${head}:\n${formatConfigIssues(issues)}`, { issues });
  }
  const seen = new Set<string>();
  for (const o of offerings) {
    const key = o.waldur_offering_uuid.replaceAll('-', '').toLowerCase();
    if (seen.has(key)) warnings.push(`offering ${o.waldur_offering_uuid} is configured more than once`);
    seen.add(key);
  }
  if (offerings.length === 0) warnings.push('offerings: the list is empty; the agent has nothing to do');
  if (root.data.elastic_apm_server_url !== null)
    warnings.push('elastic_apm_server_url: Elastic APM is not supported, ignored');
  if (root.data.global_proxy !== '')
    warnings.push('global_proxy: proxies are not supported by this agent, ignored');
  if (root.data.log_shipping.enabled)
    warnings.push('log_shipping.enabled: log shipping is not implemented, ignored');

  const { offerings: _raw, ...rest } = root.data;
  return { config: { ...rest, offerings, configFilePath }, warnings };
}

/** Parses YAML text (first document only, like yaml.safe_load). */
export function parseConfigText(text: string, configFilePath = ''): LoadedConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const detail = err instanceof YAMLParseError ? err.message : String(err);
    throw new ConfigError('ERR_CONFIG_YAML', `${configFilePath || 'config'}: not valid YAML: ${detail}`, {
      cause: err,
      issues: [{ path: '', message: `not valid YAML: ${detail}` }],
    });
  }
  return parseConfig(doc, configFilePath);
}

export interface LoadConfigDeps {
  readFile?: (path: string) => Promise<string>;
}

/** Reads and validates the config file. Throws ConfigError (ERR_CONFIG_READ / _YAML / _INVALID). */
export async function loadConfigFile(path: string, deps: LoadConfigDeps = {}): Promise<LoadedConfig> {
  const read = deps.readFile ?? ((p: string) => readFile(p, 'utf8'));
  let text: string;
  try {
    text = await read(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    throw new ConfigError('ERR_CONFIG_READ', `Cannot read config file ${path}: ${reason}`, { cause: err });
  }
  return parseConfigText(text, path);
}
