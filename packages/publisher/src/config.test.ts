import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, requireBrokerCredentials } from './config.js';
import { DEFAULT_LIMITS } from './limits.js';

describe('loadConfig', () => {
  test('defaults: embedded database, port 8000, local broker without any default password', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      publicUrl: 'http://127.0.0.1:8000',
      databaseUrl: undefined,
      rabbitmqUrl: 'amqp://127.0.0.1:5672',
      rabbitmqManagementUrl: 'http://127.0.0.1:15672',
      rabbitmqWebStompUrl: 'ws://127.0.0.1:15674/ws',
    });
    expect(c.dataDir).toMatch(/\.data\/publisher-pg$/);
    // serve needs the admin's credentials and says how to get them.
    expect(() => {
      requireBrokerCredentials(c);
    }).toThrow(/RABBITMQ_URL.*\n.*broker:start.*env/);
    expect(() => {
      requireBrokerCredentials(loadConfig({}, { RABBITMQ_URL: 'amqp://adm:pw@mq:5682' }));
    }).not.toThrow();
  });

  test('the management URL takes the AMQP credentials when it has none', () => {
    const c = loadConfig({}, { RABBITMQ_URL: 'amqp://adm:pw@mq:5682' });
    expect(c.rabbitmqManagementUrl).toBe('http://adm:pw@mq:15672');
  });

  test('flags override environment', () => {
    const env = {
      PORT: '9000',
      DATABASE_URL: 'postgresql://a@h/db',
      RABBITMQ_URL: 'amqp://adm:pw@mq:5682',
      RABBITMQ_MANAGEMENT_URL: 'http://mq:15682',
    };
    const c = loadConfig({ port: '7000', host: '0.0.0.0' }, env);
    expect(c).toMatchObject({
      port: 7000,
      publicUrl: 'http://127.0.0.1:7000',
      databaseUrl: 'postgresql://a@h/db',
      rabbitmqManagementUrl: 'http://adm:pw@mq:15682',
    });
  });

  test('invalid values raise ConfigError naming the field', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ rabbitmqUrl: 'http://x' }, {})).toThrow(/rabbitmqUrl/);
  });

  test('quotas and broker limits: defaults, environment, flags; -1 only for broker limits', () => {
    expect(loadConfig({}, {}).limits).toEqual(DEFAULT_LIMITS);
    const c = loadConfig(
      { limits: { queuesPerSubscription: '7' } },
      { MAX_SUBSCRIPTIONS_PER_USER: '3', MAX_QUEUES_PER_SUBSCRIPTION: '9', VHOST_MAX_CONNECTIONS: '-1' },
    );
    expect(c.limits).toMatchObject({
      subscriptionsPerUser: 3,
      queuesPerSubscription: 7,
      vhostMaxConnections: -1,
    });
    expect(() => loadConfig({}, { MAX_SUBSCRIPTIONS_PER_USER: '-1' })).toThrow(/subscriptionsPerUser/);
    expect(() => loadConfig({}, { VHOST_MAX_QUEUES: 'many' })).toThrow(ConfigError);
  });
});
