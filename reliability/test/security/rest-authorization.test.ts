// REST authentication and authorisation: every route of the publisher app (enumerated from fastify itself, so
// new routes are covered without editing this file) refuses a missing, malformed, unknown or inactive token
// with 401, except the documented public ones (OpenAPI JSON, Swagger UI, and the dashboard's static page and
// bundle, which hold no data: docs/dashboard.md). A user with no role on an
// offering can neither read nor change its orders, resources, offering users or subscriptions (403/404, as
// Waldur answers), and the database does not change.
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DbFingerprint } from '../../src/harness/db-snapshot.js';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi, okApi, registerAgentQueue, type StompCredentials } from '../../src/harness/inject-rest.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { concretePath, parseRouteTree, type AppRoute } from '../../src/harness/route-table.js';
import type { World } from '../../src/harness/world.js';

const hex = (): string => randomUUID().replaceAll('-', '');

let publisher: InProcessPublisher;
let routes: AppRoute[];
let a: World;
let b: World;
let nobodyToken: string;
let inactiveToken: string;
let orderA: string;
let resourceA: string;
let subA: StompCredentials;
let queueA: string;
let offeringUserA: string;
let identityA: string;
let fingerprint: DbFingerprint;

/** The dashboard's static files; its data (`/dashboard/snapshot`, `/dashboard/stream`) needs a token. */
const DASHBOARD_STATIC = new Set(['/dashboard/', '/dashboard/style.css', '/dashboard/app.js']);

/** Documented public routes: the OpenAPI document, Swagger UI and the dashboard's static files. */
function isPublic(path: string): boolean {
  return (
    path === '/api/schema/' ||
    path === '/api/docs' ||
    path.startsWith('/api/docs/') ||
    DASHBOARD_STATIC.has(path)
  );
}

async function createUser(active: boolean): Promise<string> {
  const token = randomBytes(20).toString('hex');
  const id = hex();
  const now = new Date();
  await publisher.db.prisma.user.create({
    data: {
      id,
      username: `u-${id.slice(0, 8)}`,
      email: `${id}@example.com`,
      firstName: 'No',
      lastName: 'Role',
      token,
      isActive: active,
      createdAt: now,
      modified: now,
    },
  });
  return token;
}

beforeAll(async () => {
  publisher = await startInProcessPublisher({
    broker: brokerFromEnv(),
    worlds: ['auth-a-', 'auth-b-'],
    embeddedDir: join(DATA_ROOT, 'security', 'auth-pg'),
    members: 1,
  });
  routes = parseRouteTree(publisher.app.printRoutes({ commonPrefix: false }));
  a = publisher.world('auth-a-');
  b = publisher.world('auth-b-');
  nobodyToken = await createUser(true);
  inactiveToken = await createUser(false);
  const app = publisher.app;
  const order = await okApi(app, 'POST', '/api/marketplace-orders/', a.consumerToken, {
    offering: `${publisher.url}/api/marketplace-public-offerings/${a.offeringId}/`,
    project: `${publisher.url}/api/projects/${a.projectId}/`,
    type: 'Create',
    limits: { cpu: 1, mem: 1 },
    attributes: { name: 'private allocation' },
  });
  orderA = String(order.uuid);
  resourceA = String(order.marketplace_resource_uuid);
  await okApi(app, 'POST', `/api/marketplace-orders/${orderA}/approve_by_consumer/`, a.consumerToken, {});
  subA = await registerAgentQueue(app, a.ownerToken, a.offeringId, 'order');
  queueA = (
    await publisher.db.prisma.subscriptionQueue.findFirstOrThrow({
      where: { subscriptionId: subA.subscriptionUuid },
    })
  ).id;
  identityA = (
    await publisher.db.prisma.agentIdentity.findFirstOrThrow({ where: { offeringId: a.offeringId } })
  ).id;
  offeringUserA = (
    await publisher.db.prisma.offeringUser.findFirstOrThrow({ where: { offeringId: a.offeringId } })
  ).id;
  fingerprint = await DbFingerprint.open(publisher.database.url);
});

afterAll(async () => {
  await fingerprint.close();
  await callApi(publisher.app, 'DELETE', `/api/event-subscriptions/${subA.subscriptionUuid}/`, a.ownerToken);
  await publisher.close();
});

describe('authentication on every route', () => {
  test('the route table is complete enough to mean something', () => {
    const paths = new Set(routes.map((r) => r.path));
    expect(routes.length).toBeGreaterThan(60);
    for (const p of [
      '/api/marketplace-orders/:uuid/approve_by_provider/',
      '/api/event-subscriptions/:uuid/create_queue/',
      '/api/users/me/',
    ]) {
      expect(paths).toContain(p);
    }
  });

  // Fails if any route were public by mistake (config.public, a skipped onRequest hook, a route registered
  // outside the auth plugin's scope), or if a bad token fell through to an anonymous user.
  test('each route refuses a missing, malformed, unknown or inactive token with 401', async () => {
    const credentials: readonly [string, string | null][] = [
      ['missing', null],
      ['unknown Token', `Token ${randomBytes(20).toString('hex')}`],
      ['unknown Bearer', `Bearer ${randomBytes(20).toString('hex')}`],
      ['scheme only', 'Token'],
      ['three parts', `Token ${nobodyToken} extra`],
      ['Basic', `Basic ${Buffer.from('staff:staff').toString('base64')}`],
      ['inactive user', `Token ${inactiveToken}`],
    ];
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      if (isPublic(route.path)) continue;
      const url = concretePath(route.path, { uuid: hex() });
      for (const [what, authorization] of credentials) {
        const r = await callApi(publisher.app, route.method, url, null, {
          authorization,
          ...(route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE'
            ? {}
            : { body: {} }),
        });
        checked += 1;
        if (r.status !== 401)
          failures.push(`${route.method} ${route.path} with ${what} token -> ${r.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });

  test('the documented public routes answer without a token', async () => {
    const publicRoutes = routes.filter((r) => isPublic(r.path) && r.method === 'GET');
    expect(publicRoutes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/schema/', '/api/docs/json', ...DASHBOARD_STATIC]),
    );
    expect(routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/dashboard/snapshot', '/dashboard/stream']),
    );
    expect((await callApi(publisher.app, 'GET', '/api/schema/', null)).status).toBe(200);
    expect((await callApi(publisher.app, 'GET', '/api/docs/json', null)).status).toBe(200);
  });
});

describe("no access to another offering's objects", () => {
  const denied = (status: number): boolean => status === 403 || status === 404;

  // Fails if the visibility filters (orderWhere, resource/offering-user/subscription scoping) or the
  // per-action permission checks were dropped: the calls would succeed and change the database.
  test('a user with no role, the other provider and the other consumer are refused, and nothing changes', async () => {
    const app = publisher.app;
    const before = await fingerprint.take();
    const outsiders: readonly [string, string][] = [
      ['no role', nobodyToken],
      ['other provider owner', b.ownerToken],
      ['other consumer', b.consumerToken],
    ];
    const calls: readonly [string, string, unknown?][] = [
      ['GET', `/api/marketplace-orders/${orderA}/`],
      ['POST', `/api/marketplace-orders/${orderA}/approve_by_consumer/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/approve_by_provider/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/reject_by_provider/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/reject_by_consumer/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/cancel/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/set_state_executing/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/set_state_done/`, {}],
      ['POST', `/api/marketplace-orders/${orderA}/set_state_erred/`, { error_message: 'x' }],
      ['POST', `/api/marketplace-orders/${orderA}/set_backend_id/`, { backend_id: 'stolen' }],
      ['GET', `/api/marketplace-provider-resources/${resourceA}/`],
      ['GET', `/api/marketplace-provider-resources/${resourceA}/team/`],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/set_backend_id/`, { backend_id: 'stolen' }],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/set_limits/`, { limits: { cpu: 999 } }],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/set_as_ok/`, {}],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/set_as_erred/`, {}],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/set_paused/`, {}],
      ['POST', `/api/marketplace-provider-resources/${resourceA}/sync_user_roles/`, {}],
      ['GET', `/api/marketplace-offering-users/${offeringUserA}/`],
      ['PATCH', `/api/marketplace-offering-users/${offeringUserA}/`, { username: 'stolen' }],
      ['POST', `/api/marketplace-offering-users/${offeringUserA}/set_ok/`, {}],
      ['POST', `/api/marketplace-provider-offerings/${a.offeringId}/sync_resources/`, {}],
      ['GET', `/api/event-subscriptions/${subA.subscriptionUuid}/`],
      ['DELETE', `/api/event-subscriptions/${subA.subscriptionUuid}/`],
      [
        'POST',
        `/api/event-subscriptions/${subA.subscriptionUuid}/create_queue/`,
        { offering_uuid: a.offeringId, object_type: 'order' },
      ],
      ['GET', `/api/event-subscription-queues/${queueA}/`],
      ['DELETE', `/api/event-subscription-queues/${queueA}/`],
      ['GET', `/api/marketplace-site-agent-identities/${identityA}/`],
      [
        'PUT',
        `/api/marketplace-site-agent-identities/${identityA}/`,
        { offering: a.offeringId, name: 'stolen' },
      ],
      ['DELETE', `/api/marketplace-site-agent-identities/${identityA}/`],
      [
        'POST',
        `/api/marketplace-site-agent-identities/${identityA}/register_event_subscription/`,
        { observable_object_type: 'order' },
      ],
      ['POST', `/api/marketplace-site-agent-identities/${identityA}/register_service/`, { name: 'stolen' }],
      [
        'POST',
        `/api/projects/${a.projectId}/add_user/`,
        { role: 'PROJECT.ADMIN', user: `${publisher.url}/api/users/${a.seed.consumer.user.id}/` },
      ],
      [
        'POST',
        `/api/projects/${a.projectId}/delete_user/`,
        { role: 'PROJECT.ADMIN', user: `${publisher.url}/api/users/${a.seed.consumer.user.id}/` },
      ],
    ];
    const failures: string[] = [];
    // Positive control: the objects exist and their own side sees them (so a 404 below is a refusal).
    for (const [method, url] of calls.filter(([m]) => m === 'GET')) {
      const owner = url.includes('marketplace-orders') ? a.consumerToken : a.ownerToken;
      const r = await callApi(app, method, url, owner);
      if (r.status !== 200) failures.push(`owner side: ${method} ${url} -> ${r.status}`);
    }
    for (const [who, token] of outsiders) {
      for (const [method, url, body] of calls) {
        const r = await callApi(app, method, url, token, body === undefined ? {} : { body });
        if (!denied(r.status))
          failures.push(`${who}: ${method} ${url} -> ${r.status} ${r.text.slice(0, 120)}`);
      }
      // Creating an agent identity for the offering, or a queue on it, is refused too (Waldur answers 400 here).
      const identity = await callApi(app, 'POST', '/api/marketplace-site-agent-identities/', token, {
        body: { offering: a.offeringId, name: 'x' },
      });
      if (identity.status < 400 || identity.status >= 500)
        failures.push(`${who}: create identity on A -> ${identity.status}`);
      // Lists do not leak the objects either.
      for (const [url, id] of [
        ['/api/marketplace-orders/', orderA],
        ['/api/marketplace-provider-resources/', resourceA],
        ['/api/event-subscriptions/', subA.subscriptionUuid],
        ['/api/marketplace-offering-users/', offeringUserA],
      ] as const) {
        const list = await callApi(app, 'GET', url, token);
        if (list.status !== 200 || list.text.includes(id))
          failures.push(`${who}: ${url} -> ${list.status}, lists ${id}: ${list.text.includes(id)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(DbFingerprint.changed(before, await fingerprint.take())).toEqual([]);
    const order = await publisher.db.prisma.order.findUniqueOrThrow({ where: { id: orderA } });
    expect(order.state).toBe('pending-provider');
  });

  // Fails if create_queue did not check that the caller may see the offering: anyone could subscribe to any
  // offering's order and role events.
  test("an outsider's own subscription cannot get a queue on the offering", async () => {
    const app = publisher.app;
    const sub = await okApi(app, 'POST', '/api/event-subscriptions/', nobodyToken, {
      observable_objects: [{ object_type: 'order' }],
    });
    try {
      const before = await publisher.db.prisma.subscriptionQueue.count();
      const r = await callApi(
        app,
        'POST',
        `/api/event-subscriptions/${String(sub.uuid)}/create_queue/`,
        nobodyToken,
        {
          body: { offering_uuid: a.offeringId, object_type: 'order' },
        },
      );
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/do not have access to this offering/);
      expect(await publisher.db.prisma.subscriptionQueue.count()).toBe(before);
    } finally {
      await callApi(app, 'DELETE', `/api/event-subscriptions/${String(sub.uuid)}/`, nobodyToken);
    }
  });

  // Fails if provider actions were allowed to the order's consumer (it could approve its own order).
  test('the consumer of an order cannot take the provider actions on it', async () => {
    for (const action of [
      'approve_by_provider',
      'reject_by_provider',
      'set_state_executing',
      'set_state_done',
    ]) {
      const r = await callApi(
        publisher.app,
        'POST',
        `/api/marketplace-orders/${orderA}/${action}/`,
        a.consumerToken,
        { body: {} },
      );
      expect(r.status, action).toBe(403);
    }
    expect((await publisher.db.prisma.order.findUniqueOrThrow({ where: { id: orderA } })).state).toBe(
      'pending-provider',
    );
  });
});
