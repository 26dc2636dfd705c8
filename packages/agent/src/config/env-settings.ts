// Process-wide timing settings the real agent reads from the environment (site-agent.md §1,
// `waldur_site_agent/common/__init__.py`), plus our heartbeat-file and tick overrides.
import { ConfigError } from './config-error.js';

export const DEFAULT_HEARTBEAT_FILE = '/tmp/waldur-site-agent-heartbeat';

export interface EnvSettings {
  orderProcessPeriodMinutes: number;
  reportPeriodMinutes: number;
  membershipSyncPeriodMinutes: number;
  reconciliationPeriodMinutes: number;
  /** How often loops wake up (real agent: TICK_INTERVAL = 60 s). Extension: WALDUR_SITE_AGENT_TICK_SECONDS. */
  tickSeconds: number;
  /** Extension: WALDUR_SITE_AGENT_HEARTBEAT_FILE (overrides the config's heartbeat_file). */
  heartbeatFile: string | null;
}

const VARS = {
  orderProcessPeriodMinutes: ['WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES', 5],
  reportPeriodMinutes: ['WALDUR_SITE_AGENT_REPORT_PERIOD_MINUTES', 30],
  membershipSyncPeriodMinutes: ['WALDUR_SITE_AGENT_MEMBERSHIP_SYNC_PERIOD_MINUTES', 5],
  reconciliationPeriodMinutes: ['WALDUR_SITE_AGENT_RECONCILIATION_PERIOD_MINUTES', 60],
  tickSeconds: ['WALDUR_SITE_AGENT_TICK_SECONDS', 60],
} as const;

function positiveFloat(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError('ERR_CONFIG_ENV', `${name}: must be a positive number, got "${raw}"`, {
      issues: [{ path: name, message: `must be a positive number, got "${raw}"` }],
    });
  }
  return value;
}

/** Reads the timing env vars; throws ConfigError ERR_CONFIG_ENV naming the bad variable. */
export function readEnvSettings(env: NodeJS.ProcessEnv = process.env): EnvSettings {
  const heartbeat = env.WALDUR_SITE_AGENT_HEARTBEAT_FILE;
  return {
    orderProcessPeriodMinutes: positiveFloat(env, ...VARS.orderProcessPeriodMinutes),
    reportPeriodMinutes: positiveFloat(env, ...VARS.reportPeriodMinutes),
    membershipSyncPeriodMinutes: positiveFloat(env, ...VARS.membershipSyncPeriodMinutes),
    reconciliationPeriodMinutes: positiveFloat(env, ...VARS.reconciliationPeriodMinutes),
    tickSeconds: positiveFloat(env, ...VARS.tickSeconds),
    heartbeatFile: heartbeat !== undefined && heartbeat !== '' ? heartbeat : null,
  };
}

/** Env var beats config key beats the real agent's default path. */
export function resolveHeartbeatFile(env: EnvSettings, configValue: string | null): string {
  return env.heartbeatFile ?? configValue ?? DEFAULT_HEARTBEAT_FILE;
}
