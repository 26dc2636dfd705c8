// Authentication for every route of the API (enumerated from the app's own OpenAPI document): no token and a
// wrong token are DRF's 401s; `Token` and `Bearer` both work; docs are public.
import { userSchema } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startApi, type ApiContext } from './api-world.js';

let ctx: ApiContext;
let routes: { method: string; url: string }[];

beforeAll(async () => {
  ctx = await startApi();
  const spec = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({
      method: method.toUpperCase(),
      url: path.replace(/\{uuid\}/g, 'a'.repeat(32)),
    })),
  );
});
afterAll(async () => ctx.close());

describe('authentication', () => {
  it('covers the whole API surface', () => {
    // One entry per (method, path); a shrinking list means a route lost its schema or registration.
    expect(routes.length).toBeGreaterThanOrEqual(60);
    expect(routes).toContainEqual({
      method: 'POST',
      url: `/api/marketplace-orders/${'a'.repeat(32)}/approve_by_provider/`,
    });
    expect(routes).toContainEqual({
      method: 'POST',
      url: `/api/event-subscriptions/${'a'.repeat(32)}/create_queue/`,
    });
  });

  it('answers 401 "Authentication credentials were not provided." without a token, on every route', async () => {
    for (const route of routes) {
      const res = await ctx.app.inject({
        method: route.method as 'GET',
        url: route.url,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      expect({ route, status: res.statusCode, body: res.json() }).toEqual({
        route,
        status: 401,
        body: { detail: 'Authentication credentials were not provided.' },
      });
      expect(res.headers['www-authenticate']).toBe('Token');
    }
  });

  it('answers 401 "Invalid token." for an unknown token, on every route', async () => {
    for (const route of routes) {
      const res = await ctx.app.inject({
        method: route.method as 'GET',
        url: route.url,
        headers: { authorization: `Token ${'0'.repeat(40)}` },
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      expect({ route, status: res.statusCode, body: res.json() }).toEqual({
        route,
        status: 401,
        body: { detail: 'Invalid token.' },
      });
    }
  });

  it('rejects malformed headers like DRF', async () => {
    const noKey = await ctx.app.inject({
      method: 'GET',
      url: '/api/users/me/',
      headers: { authorization: 'Token' },
    });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toEqual({ detail: 'Invalid token.' });
    const basic = await ctx.app.inject({
      method: 'GET',
      url: '/api/users/me/',
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    expect(basic.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('answers 401 "User inactive or deleted." for a deactivated user', async () => {
    await ctx.prisma.user.update({ where: { id: ctx.world.outsider.id }, data: { isActive: false } });
    try {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/users/me/',
        headers: auth(ctx.world.outsider),
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ detail: 'User inactive or deleted.' });
    } finally {
      await ctx.prisma.user.update({ where: { id: ctx.world.outsider.id }, data: { isActive: true } });
    }
  });

  it('accepts Token and Bearer for the same key; users/me parses with the protocol schema', async () => {
    const user = ctx.world.projectAdmin;
    for (const scheme of ['Token', 'Bearer']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/users/me/',
        headers: { authorization: `${scheme} ${user.token}` },
      });
      expect(res.statusCode).toBe(200);
      const me = userSchema.parse(res.json());
      expect(me).toMatchObject({
        uuid: user.id,
        username: user.username,
        url: `http://waldur.test/api/users/${user.id}/`,
        is_staff: false,
      });
      expect(me.token).toBe(user.token);
    }
  });

  it('narrows users/me with field= (the agent readiness probe asks for field=uuid)', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/users/me/?field=uuid',
      headers: auth(ctx.world.staff),
    });
    expect(res.json()).toEqual({ uuid: ctx.world.staff.id });
  });

  it('serves the OpenAPI document and Swagger UI without authentication', async () => {
    const schema = await ctx.app.inject({ method: 'GET', url: '/api/schema/' });
    expect(schema.statusCode).toBe(200);
    expect(schema.json()).toMatchObject({ openapi: '3.0.3', info: { title: 'Waldur emulator API' } });
    const ui = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('unknown paths and missing trailing slashes are 404 {"detail": "Not found."}', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/users/me', headers: auth(ctx.world.staff) });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not found.' });
  });
});
