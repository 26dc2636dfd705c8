import { describe, expect, it } from 'vitest';
import { brokerFromEnv, brokerToEnv } from './broker-endpoints.js';

describe('brokerFromEnv', () => {
  it('derives the private node layout from an AMQP port offset (5682 -> 15682/15684/61623)', () => {
    expect(brokerFromEnv({ RABBITMQ_URL: 'amqp://adm:s3cret@127.0.0.1:5682' })).toEqual({
      source: 'env',
      amqpUrl: 'amqp://adm:s3cret@127.0.0.1:5682',
      managementUrl: 'http://127.0.0.1:15682',
      webStompUrl: 'ws://127.0.0.1:15684/ws',
      stompHost: '127.0.0.1',
      stompPort: 61623,
      adminUser: 'adm',
      adminPassword: 's3cret',
    });
  });

  it('uses the standard ports for a default AMQP URL and keeps encoded credentials', () => {
    const b = brokerFromEnv({ RABBITMQ_URL: 'amqp://ad%40min:p%3Ass@mq.local' });
    expect(b).toMatchObject({
      adminUser: 'ad@min',
      adminPassword: 'p:ss',
      managementUrl: 'http://mq.local:15672',
      stompPort: 61613,
    });
    expect(b.amqpUrl).toBe('amqp://ad%40min:p%3Ass@mq.local');
  });

  it('prefers explicit variables and trims a trailing slash from the management URL', () => {
    const b = brokerFromEnv({
      RABBITMQ_URL: 'amqp://u:p@10.0.0.1:40000',
      RABBITMQ_MANAGEMENT_URL: 'https://mgmt.example/',
      RABBITMQ_WEB_STOMP_URL: 'wss://stomp.example/ws',
      RABBITMQ_STOMP_HOST: 'stomp.example',
      RABBITMQ_STOMP_PORT: '61614',
    });
    expect(b).toMatchObject({
      managementUrl: 'https://mgmt.example',
      webStompUrl: 'wss://stomp.example/ws',
      stompHost: 'stomp.example',
      stompPort: 61614,
    });
  });

  it('round-trips through brokerToEnv', () => {
    const b = brokerFromEnv({ RABBITMQ_URL: 'amqp://a:b@h:5702' });
    expect(brokerFromEnv(brokerToEnv(b))).toEqual(b);
    expect(brokerToEnv(b)).toEqual({
      RABBITMQ_URL: 'amqp://a:b@h:5702',
      RABBITMQ_MANAGEMENT_URL: 'http://h:15702',
      RABBITMQ_WEB_STOMP_URL: 'ws://h:15704/ws',
      RABBITMQ_STOMP_HOST: 'h',
      RABBITMQ_STOMP_PORT: '61643',
    });
  });

  it.each([
    [{}, /RABBITMQ_URL is not set/],
    [{ RABBITMQ_URL: 'not a url' }, /not a URL/],
    [{ RABBITMQ_URL: 'http://h:5672' }, /must use amqp: or amqps:/],
    [{ RABBITMQ_URL: 'amqp://127.0.0.1:5682' }, /no admin credentials.*broker:start.*waldur-sim-broker env/],
    [{ RABBITMQ_URL: 'amqp://adm@127.0.0.1:5682' }, /no admin credentials/],
    [
      { RABBITMQ_URL: 'amqp://u:p@h', RABBITMQ_STOMP_PORT: '70000' },
      /RABBITMQ_STOMP_PORT must be a TCP port/,
    ],
    [{ RABBITMQ_URL: 'amqp://u:p@h', RABBITMQ_WEB_STOMP_URL: 'http://h/ws' }, /must use ws: or wss:/],
  ])('rejects %j', (env, message) => {
    expect(() => brokerFromEnv(env)).toThrow(message);
  });
});
