// Options of the private RabbitMQ node: defaults, overrides (options > WALDUR_SIM_BROKER_* env), validation,
// the file layout inside its data folder, and the exact environment RabbitMQ's scripts get.
import { isAbsolute, join, resolve } from 'node:path';
import { readOrCreateAdminPassword } from './admin-secret.js';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { findRepoRoot } from './repo-root.js';
import { TestkitError } from './testkit-error.js';

export interface LocalBrokerOptions {
  /** Data folder; default `<repo>/.data/rabbitmq`. */
  readonly dataDir?: string;
  /** Folder holding rabbitmq.conf, rabbitmq-env.conf and enabled_plugins templates; default `<repo>/infra/rabbitmq`. */
  readonly templatesDir?: string;
  /** Folder holding RabbitMQ's own rabbitmq-server / rabbitmqctl (not the Debian su-wrappers). */
  readonly rabbitmqBinDir?: string;
  readonly nodeName?: string;
  readonly amqpPort?: number;
  readonly managementPort?: number;
  readonly stompPort?: number;
  readonly webStompPort?: number;
  readonly distPort?: number;
  readonly epmdPort?: number;
  /** The node's administrator (guest is never created, and deleted from older data folders). */
  readonly adminUser?: string;
  /** Default: generated once and kept in `<data dir>/admin-password` (0600). */
  readonly adminPassword?: string;
  /** How long `start` waits for AMQP, management and Web-STOMP to answer. */
  readonly startTimeoutMs?: number;
}

export type LocalBrokerConfig = Required<LocalBrokerOptions>;

export const LOCAL_BROKER_DEFAULTS = {
  rabbitmqBinDir: '/usr/lib/rabbitmq/bin',
  nodeName: 'waldursim@localhost',
  amqpPort: 5682,
  managementPort: 15682,
  stompPort: 61623,
  webStompPort: 15684,
  distPort: 25682,
  epmdPort: 4370,
  adminUser: 'waldursim-admin',
  startTimeoutMs: 90_000,
} as const;

/** Environment overrides, read by the CLI and by the provider when it starts the local node. */
export const LOCAL_BROKER_ENV_VARS = {
  dataDir: 'WALDUR_SIM_BROKER_DATA_DIR',
  templatesDir: 'WALDUR_SIM_BROKER_TEMPLATES_DIR',
  rabbitmqBinDir: 'WALDUR_SIM_BROKER_RABBITMQ_BIN_DIR',
  nodeName: 'WALDUR_SIM_BROKER_NODE_NAME',
  amqpPort: 'WALDUR_SIM_BROKER_AMQP_PORT',
  managementPort: 'WALDUR_SIM_BROKER_MANAGEMENT_PORT',
  stompPort: 'WALDUR_SIM_BROKER_STOMP_PORT',
  webStompPort: 'WALDUR_SIM_BROKER_WEB_STOMP_PORT',
  distPort: 'WALDUR_SIM_BROKER_DIST_PORT',
  epmdPort: 'WALDUR_SIM_BROKER_EPMD_PORT',
  adminUser: 'WALDUR_SIM_BROKER_ADMIN_USER',
  adminPassword: 'WALDUR_SIM_BROKER_ADMIN_PASSWORD',
  startTimeoutMs: 'WALDUR_SIM_BROKER_START_TIMEOUT_MS',
} as const satisfies Record<keyof LocalBrokerOptions, string>;

const PORT_KEYS = [
  'amqpPort',
  'managementPort',
  'stompPort',
  'webStompPort',
  'distPort',
  'epmdPort',
] as const;
const NUMBER_KEYS = [...PORT_KEYS, 'startTimeoutMs'] as const;
type NumberKey = (typeof NUMBER_KEYS)[number];

function isNumberKey(key: string): key is NumberKey {
  return (NUMBER_KEYS as readonly string[]).includes(key);
}

function invalidOption(message: string): TestkitError {
  return new TestkitError('INVALID_OPTION', message);
}

/** Parses a decimal integer option (ports, timeouts) given as text by the CLI or the environment. */
export function parseIntegerOption(name: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw invalidOption(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The WALDUR_SIM_BROKER_* overrides present in `env`. */
export function localBrokerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalBrokerOptions {
  const options: Record<string, string | number> = {};
  for (const [key, name] of Object.entries(LOCAL_BROKER_ENV_VARS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    options[key] = isNumberKey(key) ? parseIntegerOption(name, value) : value;
  }
  return options;
}

/** The file in the data folder that keeps the generated admin password. */
export function adminPasswordFile(dataDir: string): string {
  return join(dataDir, 'admin-password');
}

/**
 * Defaults, then `env` overrides, then explicit `options`; validated. Without an explicit admin password,
 * `adminSecret` reads (or creates) the one kept in the data folder.
 */
export function resolveLocalBrokerConfig(
  options: LocalBrokerOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  repoRoot: () => string = findRepoRoot,
  adminSecret: (file: string) => string = readOrCreateAdminPassword,
): LocalBrokerConfig {
  const merged = { ...LOCAL_BROKER_DEFAULTS, ...localBrokerOptionsFromEnv(env), ...definedOnly(options) };
  let root: string | undefined;
  const rootDir = (): string => (root ??= repoRoot());
  const rawDataDir = merged.dataDir ?? join(rootDir(), '.data', 'rabbitmq');
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(rawDataDir);
  const templatesDir = merged.templatesDir ?? join(rootDir(), 'infra', 'rabbitmq');
  const config: LocalBrokerConfig = {
    ...merged,
    dataDir,
    templatesDir: isAbsolute(templatesDir) ? templatesDir : resolve(templatesDir),
    adminPassword: merged.adminPassword ?? adminSecret(adminPasswordFile(dataDir)),
  };

  for (const key of PORT_KEYS) {
    const port = config[key];
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw invalidOption(`${key} must be a TCP port, got ${port}`);
  }
  const ports = PORT_KEYS.map((key) => config[key]);
  if (new Set(ports).size !== ports.length)
    throw invalidOption(`the node's ports must differ: ${ports.join(', ')}`);
  if (!/^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+$/.test(config.nodeName)) {
    throw invalidOption(`nodeName must look like name@host, got ${JSON.stringify(config.nodeName)}`);
  }
  // Written into rabbitmq.conf verbatim: keep them to characters that need no quoting.
  for (const key of ['adminUser', 'adminPassword'] as const) {
    if (!/^[A-Za-z0-9._-]+$/.test(config[key]))
      throw invalidOption(`${key} may only contain letters, digits, '.', '_' and '-'`);
  }
  if (!Number.isInteger(config.startTimeoutMs) || config.startTimeoutMs < 1000) {
    throw invalidOption(`startTimeoutMs must be at least 1000, got ${config.startTimeoutMs}`);
  }
  return config;
}

function definedOnly(options: LocalBrokerOptions): LocalBrokerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** Where the node keeps its files inside the data folder. */
export interface NodePaths {
  readonly homeDir: string;
  readonly mnesiaDir: string;
  readonly logDir: string;
  readonly pluginsExpandDir: string;
  readonly configFile: string;
  /** The generated admin password (0600). */
  readonly adminPasswordFile: string;
  /** Written once the admin user is known to be in the node's database (guest removed). */
  readonly adminAppliedFile: string;
  readonly envConfigFile: string;
  readonly advancedConfigFile: string;
  readonly enabledPluginsFile: string;
  readonly pidFile: string;
  readonly lockFile: string;
  readonly startupLogFile: string;
  readonly nodeLogFile: string;
  readonly crashDumpFile: string;
}

export function nodePaths(config: LocalBrokerConfig): NodePaths {
  const dir = config.dataDir;
  return {
    homeDir: join(dir, 'home'),
    mnesiaDir: join(dir, 'mnesia'),
    logDir: join(dir, 'log'),
    pluginsExpandDir: join(dir, 'plugins-expand'),
    configFile: join(dir, 'rabbitmq.conf'),
    adminPasswordFile: adminPasswordFile(dir),
    adminAppliedFile: join(dir, 'admin-applied'),
    envConfigFile: join(dir, 'rabbitmq-env.conf'),
    advancedConfigFile: join(dir, 'advanced.config'),
    enabledPluginsFile: join(dir, 'enabled_plugins'),
    pidFile: join(dir, 'pid'),
    lockFile: join(dir, 'start.lock'),
    startupLogFile: join(dir, 'log', 'startup.log'),
    nodeLogFile: join(dir, 'log', `${config.nodeName}.log`),
    crashDumpFile: join(dir, 'log', 'erl_crash.dump'),
  };
}

/**
 * The environment for rabbitmq-server / rabbitmqctl: the caller's, minus anything RabbitMQ or Erlang would
 * pick up from it, plus the private node's identity, ports and paths. HOME points into the data folder, so
 * the Erlang cookie is private too.
 */
export function rabbitmqProcessEnv(
  config: LocalBrokerConfig,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (/^(RABBITMQ_|ERL_|NODE_EXTRA_CA_CERTS$)/.test(key)) continue;
    env[key] = value;
  }
  const paths = nodePaths(config);
  return {
    ...env,
    HOME: paths.homeDir,
    RABBITMQ_NODENAME: config.nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(config.amqpPort),
    RABBITMQ_DIST_PORT: String(config.distPort),
    ERL_EPMD_PORT: String(config.epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_CONF_ENV_FILE: paths.envConfigFile,
    RABBITMQ_CONFIG_FILE: paths.configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: paths.advancedConfigFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: paths.enabledPluginsFile,
    RABBITMQ_MNESIA_BASE: paths.mnesiaDir,
    RABBITMQ_LOG_BASE: paths.logDir,
    RABBITMQ_PID_FILE: paths.pidFile,
    RABBITMQ_PLUGINS_EXPAND_DIR: paths.pluginsExpandDir,
    // A boot failure must not drop erl_crash.dump into whatever folder the caller ran from.
    ERL_CRASH_DUMP: paths.crashDumpFile,
  };
}

/** What a client needs to reach the node. */
export function localBrokerEndpoints(config: LocalBrokerConfig): BrokerEndpoints {
  const user = encodeURIComponent(config.adminUser);
  const password = encodeURIComponent(config.adminPassword);
  return {
    source: 'local',
    amqpUrl: `amqp://${user}:${password}@127.0.0.1:${config.amqpPort}`,
    managementUrl: `http://127.0.0.1:${config.managementPort}`,
    webStompUrl: `ws://127.0.0.1:${config.webStompPort}/ws`,
    stompHost: '127.0.0.1',
    stompPort: config.stompPort,
    adminUser: config.adminUser,
    adminPassword: config.adminPassword,
  };
}
