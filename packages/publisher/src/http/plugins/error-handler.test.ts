// The error handler's overload answers: 503 + Retry-After + DRF's body for transient database and broker
// failures, never 500; real bugs stay 500 and validation stays 400.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerProvisioningError } from '../../broker/broker-provisioning-error.js';
import { FieldValidationError } from '../errors.js';
import { SERVICE_UNAVAILABLE_DETAIL, ServiceUnavailableError } from '../service-unavailable.js';
import { broker, QUEUE_CREATE_FAILED } from '../subscription-provisioning.js';
import errorHandler from './error-handler.js';

const app = Fastify({ logger: false });
const thrown = new Map<string, () => unknown>([
  [
    'p2028',
    () => Object.assign(new Error('Unable to start a transaction in the given time.'), { code: 'P2028' }),
  ],
  ['p2024', () => Object.assign(new Error('Timed out fetching a new connection'), { code: 'P2024' })],
  ['pool', () => new Error('timeout exceeded when trying to connect')],
  ['gate', () => new ServiceUnavailableError('provisioning-queue', 7)],
  ['bug', () => new TypeError('undefined is not a function')],
  ['bad', () => new FieldValidationError(['nope'])],
]);

beforeAll(async () => {
  await app.register(errorHandler);
  app.get('/:what', (request) => {
    const make = thrown.get((request.params as { what: string }).what);
    throw make?.() as Error;
  });
  app.get('/broker/:status', async (request) => {
    const status = Number((request.params as { status: string }).status);
    await broker(QUEUE_CREATE_FAILED, () =>
      Promise.reject(
        new BrokerProvisioningError('management API failed', {
          operation: 'createQueue',
          method: 'PUT',
          path: '/queues/v/q',
          status: status === 0 ? undefined : status,
        }),
      ),
    );
    return {};
  });
  await app.ready();
});
afterAll(() => app.close());

describe('error handler under overload (docs/guarantees.md#overload)', () => {
  it.each(['p2028', 'p2024', 'pool'])('%s → 503, Retry-After, {"detail"}', async (what) => {
    const res = await app.inject({ method: 'GET', url: `/${what}` });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toEqual({ detail: SERVICE_UNAVAILABLE_DETAIL });
  });

  it('sends the Retry-After the error asks for', async () => {
    const res = await app.inject({ method: 'GET', url: '/gate' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
  });

  it('keeps 500 for bugs and 400 for bad input', async () => {
    expect((await app.inject({ method: 'GET', url: '/bug' })).statusCode).toBe(500);
    const bad = await app.inject({ method: 'GET', url: '/bad' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['retry-after']).toBeUndefined();
  });

  it.each([
    [0, 503],
    [500, 503],
    [503, 503],
    [429, 503],
    [400, 400],
    [403, 400],
  ])('management API failure with status %i → %i', async (status, expected) => {
    const res = await app.inject({ method: 'GET', url: `/broker/${String(status)}` });
    expect(res.statusCode).toBe(expected);
    if (expected === 400) expect(res.json()).toEqual([QUEUE_CREATE_FAILED]);
    else expect(res.headers['retry-after']).toBeDefined();
  });
});
