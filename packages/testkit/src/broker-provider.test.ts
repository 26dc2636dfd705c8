import { describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { provideBroker, type BrokerProviderDeps, type ProvidedBroker } from './broker-provider.js';
import { RabbitMqNotInstalledError, TestkitError } from './testkit-error.js';

const silent = pino({ level: 'silent' });

function fakeBroker(
  source: BrokerEndpoints['source'],
  stop = vi.fn(() => Promise.resolve()),
): ProvidedBroker {
  return {
    source,
    amqpUrl: 'amqp://adm:pw@127.0.0.1:1',
    managementUrl: 'http://127.0.0.1:2',
    webStompUrl: 'ws://127.0.0.1:3/ws',
    stompHost: '127.0.0.1',
    stompPort: 4,
    adminUser: 'adm',
    adminPassword: 'pw',
    stop,
  };
}

function deps(overrides: Partial<BrokerProviderDeps> = {}) {
  const d = {
    env: {} as NodeJS.ProcessEnv,
    logger: silent,
    containerRuntimeAvailable: vi.fn(() => Promise.resolve(false)),
    startContainer: vi.fn(() => Promise.resolve(fakeBroker('testcontainers'))),
    startLocal: vi.fn(() => Promise.resolve(fakeBroker('local'))),
    checkEnvBroker: vi.fn(() => Promise.resolve()),
    ...overrides,
  };
  return d;
}

describe('provideBroker selection order', () => {
  it('(a) uses RABBITMQ_URL first and never probes for containers or starts a node', async () => {
    const d = deps({
      env: { RABBITMQ_URL: 'amqp://admin:s3cret@broker.example:5672' },
      containerRuntimeAvailable: vi.fn(() => Promise.resolve(true)),
    });
    const broker = await provideBroker(d);
    expect(broker).toMatchObject({
      source: 'env',
      amqpUrl: 'amqp://admin:s3cret@broker.example:5672',
      managementUrl: 'http://broker.example:15672',
      webStompUrl: 'ws://broker.example:15674/ws',
      stompHost: 'broker.example',
      stompPort: 61613,
      adminUser: 'admin',
      adminPassword: 's3cret',
    });
    expect(d.checkEnvBroker).toHaveBeenCalledOnce();
    expect(d.containerRuntimeAvailable).not.toHaveBeenCalled();
    expect(d.startContainer).not.toHaveBeenCalled();
    expect(d.startLocal).not.toHaveBeenCalled();
    await broker.stop();
  });

  it('(a) fails clearly when the env broker does not answer', async () => {
    const d = deps({
      env: { RABBITMQ_URL: 'amqp://adm:pw@127.0.0.1:5999' },
      checkEnvBroker: () => Promise.reject(new TestkitError('BROKER_NOT_READY', 'nope')),
    });
    await expect(provideBroker(d)).rejects.toMatchObject({ code: 'BROKER_NOT_READY' });
    expect(d.startLocal).not.toHaveBeenCalled();
  });

  it('(b) starts a container when a runtime answers', async () => {
    const d = deps({ containerRuntimeAvailable: vi.fn(() => Promise.resolve(true)) });
    const broker = await provideBroker(d);
    expect(broker.source).toBe('testcontainers');
    expect(d.startLocal).not.toHaveBeenCalled();
  });

  it('(c) falls back to the private local node without a runtime', async () => {
    const d = deps();
    const broker = await provideBroker(d);
    expect(broker.source).toBe('local');
    expect(d.containerRuntimeAvailable).toHaveBeenCalledOnce();
    expect(d.startContainer).not.toHaveBeenCalled();
  });

  it('WALDUR_SIM_BROKER_SOURCE=local skips container detection', async () => {
    const d = deps({
      env: { WALDUR_SIM_BROKER_SOURCE: 'local' },
      containerRuntimeAvailable: vi.fn(() => Promise.resolve(true)),
    });
    expect((await provideBroker(d)).source).toBe('local');
    expect(d.containerRuntimeAvailable).not.toHaveBeenCalled();
  });

  it('WALDUR_SIM_BROKER_SOURCE=testcontainers without a runtime is an error, not a silent fallback', async () => {
    const d = deps({ env: { WALDUR_SIM_BROKER_SOURCE: 'testcontainers' } });
    await expect(provideBroker(d)).rejects.toMatchObject({ code: 'CONTAINER_RUNTIME_UNAVAILABLE' });
    expect(d.startLocal).not.toHaveBeenCalled();
  });

  it('rejects an unknown WALDUR_SIM_BROKER_SOURCE', async () => {
    await expect(provideBroker(deps({ env: { WALDUR_SIM_BROKER_SOURCE: 'docker' } }))).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
  });

  it('explains all three options when nothing is available', async () => {
    const d = deps({
      startLocal: () =>
        Promise.reject(new RabbitMqNotInstalledError('/usr/lib/rabbitmq/bin/rabbitmq-server')),
    });
    const error = await provideBroker(d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestkitError);
    expect(error).toMatchObject({ code: 'NO_BROKER_AVAILABLE' });
    const message = (error as Error).message;
    expect(message).toContain('RABBITMQ_URL is not set');
    expect(message).toContain('no container runtime');
    expect(message).toContain('apt-get install rabbitmq-server');
    expect(message).toContain('docker compose');
    expect((error as Error).cause).toBeInstanceOf(RabbitMqNotInstalledError);
  });

  it('passes other local-node errors through unchanged', async () => {
    const d = deps({ startLocal: () => Promise.reject(new TestkitError('PORT_IN_USE', 'taken')) });
    await expect(provideBroker(d)).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  });
});
