import { sendHeaders } from '@waldur-sim/protocol';
import { expect, test } from 'vitest';
import { amqpPublishOptions } from './stomp-to-amqp.js';

test('Waldur SEND headers map to the AMQP properties RabbitMQ derives from a STOMP SEND', () => {
  const body = '{"order_uuid": "x", "name": "Ünïcode"}';
  const headers = sendHeaders({ vhost: 'v', topic: 't', payload: body });
  const options = amqpPublishOptions({ ...headers }, body);
  expect(options).toEqual({
    persistent: true,
    contentType: 'application/json',
    mandatory: true,
    headers: {
      'content-length': String(Buffer.byteLength(body)),
      'x-message-id': headers['x-message-id'],
      'auto-delete': 'false',
      durable: 'true',
    },
  });
  // Reverse frame order, content-length (added last by stomp.py) first.
  expect(Object.keys(options.headers as object)).toEqual([
    'content-length',
    'x-message-id',
    'auto-delete',
    'durable',
  ]);
  expect(Buffer.byteLength(body)).not.toBe(body.length);
});
