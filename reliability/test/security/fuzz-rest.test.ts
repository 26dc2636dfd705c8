// Property-based fuzzing of the publisher's REST API through `inject`: thousands of random requests to the
// mutating routes (random bodies, raw non-JSON payloads, path parameters and query strings) from users with
// different roles. Must hold for every request: no 5xx, the app keeps answering, and a rejected request (4xx)
// leaves the whole database unchanged.
import fc from 'fast-check';
import { join } from 'node:path';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DbFingerprint } from '../../src/harness/db-snapshot.js';
import {
  encodeComponent,
  fuzzRuns,
  hexId,
  jsonValue,
  knownKeyObject,
  nastyString,
} from '../../src/harness/fuzz-values.js';
import { startInProcessPublisher, type InProcessPublisher } from '../../src/harness/in-process-publisher.js';
import { callApi, okApi, registerAgentQueue } from '../../src/harness/inject-rest.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { concretePath, parseRouteTree, type AppRoute } from '../../src/harness/route-table.js';

const BODY_KEYS = [
  'offering',
  'project',
  'plan',
  'resource',
  'type',
  'limits',
  'attributes',
  'backend_id',
  'error_message',
  'error_traceback',
  'backend_metadata',
  'endpoints',
  'username',
  'comment',
  'role',
  'user',
  'expiration_time',
  'observable_objects',
  'description',
  'object_type',
  'object_types',
  'offering_uuid',
  'name',
  'version',
  'dependencies',
  'observable_object_type',
  'mode',
  'backend_type',
  'statistics',
  'usages',
  'amount',
  'date',
  'resource_uuid',
  'success',
  'provider_rejection_comment',
] as const;

let publisher: InProcessPublisher;
let fingerprint: DbFingerprint;
let mutating: AppRoute[];
let ids: string[];
let tokens: string[];

beforeAll(async () => {
  publisher = await startInProcessPublisher({
    broker: brokerFromEnv(),
    worlds: ['fz-a-', 'fz-b-'],
    embeddedDir: join(DATA_ROOT, 'security', 'fuzz-pg'),
    members: 2,
  });
  const app = publisher.app;
  const a = publisher.world('fz-a-');
  const b = publisher.world('fz-b-');
  // Some objects of every kind for the fuzzer to aim at.
  for (const [w, project] of [
    [a, a.projectId],
    [a, a.teamProjectId],
    [b, b.projectId],
  ] as const) {
    const order = await okApi(app, 'POST', '/api/marketplace-orders/', w.consumerToken, {
      offering: `${publisher.url}/api/marketplace-public-offerings/${w.offeringId}/`,
      project: `${publisher.url}/api/projects/${project}/`,
      type: 'Create',
      limits: { cpu: 1, mem: 1 },
      attributes: { name: 'fuzz target' },
    });
    await okApi(
      app,
      'POST',
      `/api/marketplace-orders/${String(order.uuid)}/approve_by_consumer/`,
      w.consumerToken,
      {},
    );
  }
  await registerAgentQueue(app, a.ownerToken, a.offeringId, 'order');
  await registerAgentQueue(app, b.ownerToken, b.offeringId, 'user_role');
  const prisma = publisher.db.prisma;
  const tables = await Promise.all([
    prisma.order.findMany({ select: { id: true } }),
    prisma.resource.findMany({ select: { id: true } }),
    prisma.offering.findMany({ select: { id: true } }),
    prisma.project.findMany({ select: { id: true } }),
    prisma.user.findMany({ select: { id: true } }),
    prisma.offeringUser.findMany({ select: { id: true } }),
    prisma.eventSubscription.findMany({ select: { id: true } }),
    prisma.subscriptionQueue.findMany({ select: { id: true } }),
    prisma.agentIdentity.findMany({ select: { id: true } }),
    prisma.agentService.findMany({ select: { id: true } }),
    prisma.plan.findMany({ select: { id: true } }),
  ]);
  ids = tables.flat().map((r) => r.id);
  tokens = [a.staffToken, a.ownerToken, a.consumerToken, b.ownerToken, b.consumerToken];
  const routes = parseRouteTree(app.printRoutes({ commonPrefix: false }));
  mutating = routes.filter(
    (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.startsWith('/api/docs'),
  );
  fingerprint = await DbFingerprint.open(publisher.database.url);
});

afterAll(async () => {
  await fingerprint.close();
  // Subscriptions the fuzzer created own RabbitMQ users and vhosts on the shared broker: remove them.
  const staff = publisher.world('fz-a-').staffToken;
  for (const s of await publisher.db.prisma.eventSubscription.findMany({ select: { id: true } })) {
    await callApi(publisher.app, 'DELETE', `/api/event-subscriptions/${s.id}/`, staff);
  }
  await publisher.close();
});

describe('REST fuzzing', () => {
  // Fails if a handler let a bad input through to the database (unique/foreign-key violations, NaN, huge
  // numbers -> 500), or changed rows before validating (a 4xx with a changed fingerprint).
  test('random requests to mutating routes: never 5xx, and a rejected request changes nothing', async () => {
    const value = jsonValue(ids, publisher.url);
    const request = fc.record({
      route: fc.constantFrom(...mutating),
      param: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...ids) },
        { weight: 1, arbitrary: hexId },
        { weight: 1, arbitrary: nastyString.map(encodeComponent) },
      ),
      token: fc.constantFrom(...tokens),
      body: fc.oneof(
        { weight: 5, arbitrary: knownKeyObject(BODY_KEYS, value).map((o) => ({ json: o })) },
        { weight: 2, arbitrary: value.map((v) => ({ json: v })) },
        { weight: 1, arbitrary: nastyString.map((raw) => ({ raw })) },
      ),
      query: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom('offering_uuid', 'state', 'page', 'page_size', 'o', 'field'), nastyString),
          nastyString,
        ),
        { maxLength: 3 },
      ),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const qs = r.query.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
        const url = concretePath(r.route.path, { uuid: r.param }) + (qs === '' ? '' : `?${qs}`);
        const before = await fingerprint.take();
        const res = await callApi(
          publisher.app,
          r.route.method,
          url,
          r.token,
          'raw' in r.body ? { rawBody: r.body.raw } : { body: r.body.json },
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${r.route.method} ${url} -> ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) {
          const changed = DbFingerprint.changed(before, await fingerprint.take());
          expect(changed, `${r.route.method} ${url} -> ${res.status} changed tables`).toEqual([]);
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
    // The generator reached past validation too (some 2xx), and the app still answers.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
    expect(
      (await callApi(publisher.app, 'GET', '/api/users/me/', publisher.world('fz-a-').staffToken)).status,
    ).toBe(200);
  });
});
