import { describe, expect, it } from 'vitest';
import { DEFAULT_HEARTBEAT_FILE, readEnvSettings, resolveHeartbeatFile } from './env-settings.js';

describe('readEnvSettings', () => {
  it('uses the real agent defaults', () => {
    expect(readEnvSettings({})).toEqual({
      orderProcessPeriodMinutes: 5,
      reportPeriodMinutes: 30,
      membershipSyncPeriodMinutes: 5,
      reconciliationPeriodMinutes: 60,
      tickSeconds: 60,
      heartbeatFile: null,
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
    });
    expect(env).toEqual({
      orderProcessPeriodMinutes: 0.5,
      membershipSyncPeriodMinutes: 2,
      reconciliationPeriodMinutes: 15,
      reportPeriodMinutes: 60,
      tickSeconds: 1,
      heartbeatFile: '/run/hb',
    });
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
