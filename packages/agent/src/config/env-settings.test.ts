import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEARTBEAT_FILE,
  defaultStateDirFor,
  readEnvSettings,
  resolveHeartbeatFile,
  resolveStateDir,
} from './env-settings.js';

describe('readEnvSettings', () => {
  it('uses the real agent defaults', () => {
    expect(readEnvSettings({ HOME: '/home/agent' })).toEqual({
      orderProcessPeriodMinutes: 5,
      reportPeriodMinutes: 30,
      membershipSyncPeriodMinutes: 5,
      reconciliationPeriodMinutes: 60,
      tickSeconds: 60,
      heartbeatFile: null,
      stateDir: null,
      defaultStateDir: '/home/agent/.local/state/waldur-site-agent',
      testCrashAfter: null,
    });
  });

  it('parses floats, as WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES allows', () => {
    const env = readEnvSettings({
      WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: '0.5',
      WALDUR_SITE_AGENT_MEMBERSHIP_SYNC_PERIOD_MINUTES: '2',
      WALDUR_SITE_AGENT_RECONCILIATION_PERIOD_MINUTES: '15',
      WALDUR_SITE_AGENT_REPORT_PERIOD_MINUTES: '60',
      WALDUR_SITE_AGENT_TICK_SECONDS: '1',
      WALDUR_SITE_AGENT_HEARTBEAT_FILE: '/run/hb',
      WALDUR_SITE_AGENT_STATE_DIR: '/var/lib/agent',
      WALDUR_SITE_AGENT_TEST_CRASH_AFTER: 'backend-create',
      XDG_STATE_HOME: '/xdg/state',
    });
    expect(env).toEqual({
      orderProcessPeriodMinutes: 0.5,
      membershipSyncPeriodMinutes: 2,
      reconciliationPeriodMinutes: 15,
      reportPeriodMinutes: 60,
      tickSeconds: 1,
      heartbeatFile: '/run/hb',
      stateDir: '/var/lib/agent',
      defaultStateDir: '/xdg/state/waldur-site-agent',
      testCrashAfter: 'backend-create',
    });
  });

  it('rejects an unknown test crash point, naming the variable', () => {
    expect(() => readEnvSettings({ WALDUR_SITE_AGENT_TEST_CRASH_AFTER: 'set-backend-id' })).toThrow(
      'WALDUR_SITE_AGENT_TEST_CRASH_AFTER: must be one of backend-create (test only), got "set-backend-id"',
    );
  });

  it.each(['abc', '-1', '0'])('names the variable when its value is %s', (value) => {
    expect(() => readEnvSettings({ WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: value })).toThrow(
      `WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: must be a positive number, got "${value}"`,
    );
  });
});

describe('resolveHeartbeatFile', () => {
  it('prefers the env var, then the config key, then the real default', () => {
    const env = readEnvSettings({});
    expect(resolveHeartbeatFile(env, null)).toBe(DEFAULT_HEARTBEAT_FILE);
    expect(resolveHeartbeatFile(env, '/cfg/hb')).toBe('/cfg/hb');
    expect(resolveHeartbeatFile({ ...env, heartbeatFile: '/env/hb' }, '/cfg/hb')).toBe('/env/hb');
  });
});

describe('state dir', () => {
  it('follows XDG: XDG_STATE_HOME when absolute, else ~/.local/state', () => {
    expect(defaultStateDirFor({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/waldur-site-agent');
    expect(defaultStateDirFor({ XDG_STATE_HOME: 'relative', HOME: '/h' })).toBe(
      '/h/.local/state/waldur-site-agent',
    );
    expect(defaultStateDirFor({ HOME: '/h' })).toBe('/h/.local/state/waldur-site-agent');
  });

  it('prefers the env var, then the config key, then the XDG default', () => {
    const env = readEnvSettings({ HOME: '/h' });
    expect(resolveStateDir(env, null)).toBe('/h/.local/state/waldur-site-agent');
    expect(resolveStateDir(env, '/cfg/state')).toBe('/cfg/state');
    expect(resolveStateDir({ ...env, stateDir: '/env/state' }, '/cfg/state')).toBe('/env/state');
  });
});
