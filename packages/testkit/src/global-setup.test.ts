import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProvidedBroker } from './broker-provider.js';
import setup, { acquireSharedBroker } from './global-setup.js';

const KEYS = [
  'RABBITMQ_URL',
  'RABBITMQ_MANAGEMENT_URL',
  'RABBITMQ_WEB_STOMP_URL',
  'RABBITMQ_STOMP_HOST',
  'RABBITMQ_STOMP_PORT',
];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

function fake(stop: () => Promise<void>): ProvidedBroker {
  return {
    source: 'local',
    amqpUrl: 'amqp://adm:pw@127.0.0.1:7001',
    managementUrl: 'http://127.0.0.1:7002',
    webStompUrl: 'ws://127.0.0.1:7003/ws',
    stompHost: '127.0.0.1',
    stompPort: 7004,
    adminUser: 'adm',
    adminPassword: 'pw',
    stop,
  };
}

describe('acquireSharedBroker (one broker for all vitest projects)', () => {
  it('starts once, sets the env for workers, and stops only after the last project released it', async () => {
    process.env.RABBITMQ_URL = 'amqp://before:before@10.9.9.9:5672';
    const stop = vi.fn(() => Promise.resolve());
    const provide = vi.fn(() => Promise.resolve(fake(stop)));

    const first = await acquireSharedBroker(provide);
    const second = await acquireSharedBroker(provide);
    expect(provide).toHaveBeenCalledOnce();
    expect(second.broker).toBe(first.broker);
    expect(process.env.RABBITMQ_URL).toBe('amqp://adm:pw@127.0.0.1:7001');
    expect(process.env.RABBITMQ_STOMP_PORT).toBe('7004');

    await second.release();
    await second.release(); // idempotent
    expect(stop).not.toHaveBeenCalled();
    expect(process.env.RABBITMQ_URL).toBe('amqp://adm:pw@127.0.0.1:7001');

    await first.release();
    expect(stop).toHaveBeenCalledOnce();
    expect(process.env.RABBITMQ_URL).toBe('amqp://before:before@10.9.9.9:5672');
    expect(process.env.RABBITMQ_MANAGEMENT_URL).toBe(saved.RABBITMQ_MANAGEMENT_URL);

    // A later run starts afresh.
    const third = await acquireSharedBroker(provide);
    expect(provide).toHaveBeenCalledTimes(2);
    await third.release();
  });

  it('lets a failed start be retried', async () => {
    const provide = vi
      .fn()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValueOnce(fake(() => Promise.resolve()));
    await expect(acquireSharedBroker(provide)).rejects.toThrow('boom');
    const ok = await acquireSharedBroker(provide);
    expect(provide).toHaveBeenCalledTimes(2);
    await ok.release();
  });

  it('is a vitest globalSetup: default export returning a teardown', () => {
    expect(typeof setup).toBe('function');
  });
});
