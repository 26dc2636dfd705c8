import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTemplate, templateValues } from './config-templates.js';
import { localBrokerEndpoints, rabbitmqProcessEnv, resolveLocalBrokerConfig } from './local-broker-config.js';
import { findRepoRoot, findRepoRootFrom } from './repo-root.js';

const root = () => '/repo';
const secret = (file: string) => `secret-of-${file.split('/').slice(-2).join('-')}`;

describe('resolveLocalBrokerConfig', () => {
  it('defaults to the agreed private layout inside <repo>/.data/rabbitmq', () => {
    const config = resolveLocalBrokerConfig({}, {}, root, secret);
    expect(config).toMatchObject({
      dataDir: '/repo/.data/rabbitmq',
      templatesDir: '/repo/infra/rabbitmq',
      nodeName: 'waldursim@localhost',
      amqpPort: 5682,
      managementPort: 15682,
      stompPort: 61623,
      webStompPort: 15684,
      distPort: 25682,
      epmdPort: 4370,
    });
    expect(localBrokerEndpoints(config)).toEqual({
      source: 'local',
      amqpUrl: 'amqp://waldursim-admin:secret-of-rabbitmq-admin-password@127.0.0.1:5682',
      managementUrl: 'http://127.0.0.1:15682',
      webStompUrl: 'ws://127.0.0.1:15684/ws',
      stompHost: '127.0.0.1',
      stompPort: 61623,
      adminUser: 'waldursim-admin',
      adminPassword: 'secret-of-rabbitmq-admin-password',
    });
  });

  it('takes an explicit admin password instead of the data folder secret', () => {
    const config = resolveLocalBrokerConfig(
      {},
      { WALDUR_SIM_BROKER_ADMIN_PASSWORD: 'explicit' },
      root,
      () => {
        throw new Error('the secret file must not be read');
      },
    );
    expect(config.adminPassword).toBe('explicit');
  });

  it('applies WALDUR_SIM_BROKER_* overrides, then explicit options', () => {
    const config = resolveLocalBrokerConfig(
      { amqpPort: 5703 },
      {
        WALDUR_SIM_BROKER_AMQP_PORT: '5702',
        WALDUR_SIM_BROKER_EPMD_PORT: '4371',
        WALDUR_SIM_BROKER_DATA_DIR: '/tmp/ci',
      },
      root,
      secret,
    );
    expect(config).toMatchObject({ amqpPort: 5703, epmdPort: 4371, dataDir: '/tmp/ci' });
  });

  it.each([
    [{ amqpPort: 0 }, /amqpPort must be a TCP port/],
    [{ managementPort: 5682 }, /ports must differ/],
    [{ nodeName: 'no-host' }, /name@host/],
    [{ adminPassword: "it's" }, /adminPassword may only contain/],
  ])('rejects %j', (options, message) => {
    expect(() => resolveLocalBrokerConfig(options, {}, root, secret)).toThrow(message);
  });

  it('rejects a non-numeric port in the environment', () => {
    expect(() => resolveLocalBrokerConfig({}, { WALDUR_SIM_BROKER_AMQP_PORT: '56x' }, root, secret)).toThrow(
      /WALDUR_SIM_BROKER_AMQP_PORT/,
    );
  });
});

describe('rabbitmqProcessEnv', () => {
  it("isolates the node: private HOME (cookie), ports, paths; the caller's RABBITMQ_/ERL_ vars are dropped", () => {
    const config = resolveLocalBrokerConfig({ dataDir: '/d' }, {}, root, secret);
    const env = rabbitmqProcessEnv(config, {
      PATH: '/usr/bin',
      RABBITMQ_URL: 'amqp://elsewhere',
      RABBITMQ_NODENAME: 'rabbit@localhost',
      ERL_FLAGS: '-x',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/d/home',
      RABBITMQ_NODENAME: 'waldursim@localhost',
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: '5682',
      RABBITMQ_DIST_PORT: '25682',
      ERL_EPMD_PORT: '4370',
      ERL_EPMD_ADDRESS: '127.0.0.1',
      RABBITMQ_CONF_ENV_FILE: '/d/rabbitmq-env.conf',
      RABBITMQ_CONFIG_FILE: '/d/rabbitmq.conf',
      RABBITMQ_ADVANCED_CONFIG_FILE: '/d/advanced.config',
      RABBITMQ_ENABLED_PLUGINS_FILE: '/d/enabled_plugins',
      RABBITMQ_MNESIA_BASE: '/d/mnesia',
      RABBITMQ_LOG_BASE: '/d/log',
      RABBITMQ_PID_FILE: '/d/pid',
      RABBITMQ_PLUGINS_EXPAND_DIR: '/d/plugins-expand',
      ERL_CRASH_DUMP: '/d/log/erl_crash.dump',
    });
  });
});

describe('config templates (infra/rabbitmq)', () => {
  const templates = join(findRepoRoot(), 'infra', 'rabbitmq');
  const values = templateValues(
    resolveLocalBrokerConfig({ amqpPort: 5702, webStompPort: 15704 }, {}, root, secret),
  );

  it('renders rabbitmq.conf with every listener on loopback and the chosen ports', () => {
    const rendered = renderTemplate(
      readFileSync(join(templates, 'rabbitmq.conf'), 'utf8'),
      values,
      'rabbitmq.conf',
    );
    expect(rendered).toContain('listeners.tcp.default = 127.0.0.1:5702');
    expect(rendered).toContain('management.tcp.ip = 127.0.0.1');
    expect(rendered).toContain('management.tcp.port = 15682');
    expect(rendered).toContain('stomp.listeners.tcp.1 = 127.0.0.1:61623');
    expect(rendered).toContain('web_stomp.tcp.ip = 127.0.0.1');
    expect(rendered).toContain('web_stomp.tcp.port = 15704');
    expect(rendered).toContain('default_user = waldursim-admin');
    expect(rendered).toContain('default_pass = secret-of-rabbitmq-admin-password');
    // guest keeps RabbitMQ's loopback-only restriction (and is never created).
    expect(rendered).not.toContain('loopback_users = none');
    expect(rendered).toContain('loopback_users.guest = true');
    // One message is bounded broker-wide, as in the Compose broker's conf.d file.
    expect(rendered).toContain('max_message_size = 524288');
    expect(readFileSync(join(templates, 'limits.conf'), 'utf8')).toContain('max_message_size = 524288');
    expect(rendered).not.toMatch(/\{\{/);
  });

  it('enables exactly management, stomp and web_stomp', () => {
    expect(readFileSync(join(templates, 'enabled_plugins'), 'utf8').trim()).toBe(
      '[rabbitmq_management,rabbitmq_stomp,rabbitmq_web_stomp].',
    );
  });

  it('refuses an unknown placeholder', () => {
    expect(() => renderTemplate('port = {{NOPE}}', values, 'x.conf')).toThrow(
      /x.conf: unknown placeholder \{\{NOPE\}\}/,
    );
  });
});

describe('findRepoRootFrom', () => {
  it('walks up to the folder with pnpm-workspace.yaml', () => {
    const exists = (p: string) => p === '/a/b/pnpm-workspace.yaml';
    expect(findRepoRootFrom('/a/b/c/d', exists)).toBe('/a/b');
    expect(findRepoRootFrom('/x/y', exists)).toBeUndefined();
  });
});
