// Terse inject() helpers for API tests.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { auth, type TestUser } from './api-world.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Caller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export function as(app: FastifyInstance, user: TestUser): Caller {
  const call = (method: Method, url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: auth(user),
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    put: (url, body) => call('PUT', url, body),
    patch: (url, body) => call('PATCH', url, body),
    delete: (url) => call('DELETE', url),
  };
}
