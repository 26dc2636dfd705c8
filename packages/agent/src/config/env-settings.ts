// Process-wide timing settings the real agent reads from the environment (docs/agent.md#modes-and-periods,
// `waldur_site_agent/common/__init__.py`), plus our heartbeat-file, state-dir, tick and test-crash overrides.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
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
  /** Extension: WALDUR_SITE_AGENT_STATE_DIR (overrides the config's state_dir). */
  stateDir: string | null;
  /** `$XDG_STATE_HOME/waldur-site-agent` (XDG default `~/.local/state`), used when neither env nor config set one. */
  defaultStateDir: string;
  /**
   * TEST ONLY: WALDUR_SITE_AGENT_TEST_CRASH_AFTER=backend-create makes the process exit(137) right after the backend
   * created a resource and before Waldur heard of it, to test crash recovery. Never set it in production.
   */
  testCrashAfter: CrashPoint | null;
}

/** Points where the test-only crash hook can stop the process. */
export const CRASH_POINTS = ['backend-create'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

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

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value !== '' ? value : null;
}

function crashPoint(env: NodeJS.ProcessEnv): CrashPoint | null {
  const name = 'WALDUR_SITE_AGENT_TEST_CRASH_AFTER';
  const raw = nonEmpty(env[name]);
  if (raw === null) return null;
  const point = CRASH_POINTS.find((p) => p === raw);
  if (point === undefined) {
    const message = `must be one of ${CRASH_POINTS.join(', ')} (test only), got "${raw}"`;
    throw new ConfigError('ERR_CONFIG_ENV', `${name}: ${message}`, { issues: [{ path: name, message }] });
  }
  return point;
}

/** XDG base-directory rule: XDG_STATE_HOME when it is an absolute path, else ~/.local/state. */
export function defaultStateDirFor(env: NodeJS.ProcessEnv): string {
  const xdg = nonEmpty(env.XDG_STATE_HOME);
  const base =
    xdg !== null && isAbsolute(xdg) ? xdg : join(nonEmpty(env.HOME) ?? homedir(), '.local', 'state');
  return join(base, 'waldur-site-agent');
}

/** Reads the timing env vars; throws ConfigError ERR_CONFIG_ENV naming the bad variable. */
export function readEnvSettings(env: NodeJS.ProcessEnv = process.env): EnvSettings {
  return {
    orderProcessPeriodMinutes: positiveFloat(env, ...VARS.orderProcessPeriodMinutes),
    reportPeriodMinutes: positiveFloat(env, ...VARS.reportPeriodMinutes),
    membershipSyncPeriodMinutes: positiveFloat(env, ...VARS.membershipSyncPeriodMinutes),
    reconciliationPeriodMinutes: positiveFloat(env, ...VARS.reconciliationPeriodMinutes),
    tickSeconds: positiveFloat(env, ...VARS.tickSeconds),
    heartbeatFile: nonEmpty(env.WALDUR_SITE_AGENT_HEARTBEAT_FILE),
    stateDir: nonEmpty(env.WALDUR_SITE_AGENT_STATE_DIR),
    defaultStateDir: defaultStateDirFor(env),
    testCrashAfter: crashPoint(env),
  };
}

/** Env var beats config key beats the real agent's default path. */
export function resolveHeartbeatFile(env: EnvSettings, configValue: string | null): string {
  return env.heartbeatFile ?? configValue ?? DEFAULT_HEARTBEAT_FILE;
}

/** Env var beats config key beats the XDG default. */
export function resolveStateDir(env: EnvSettings, configValue: string | null): string {
  return env.stateDir ?? configValue ?? env.defaultStateDir;
}
