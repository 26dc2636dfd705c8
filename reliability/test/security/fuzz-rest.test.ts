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
  OUT_OF_RANGE,
  encodeComponent,
  fuzzRuns,
  hexId,
  hostileValue,
  jsonValue,
  knownKeyObject,
  nastyString,
} from '../../src/harness/fuzz-values.js';
import { publisherListFilters } from '../../src/harness/list-filters.js';
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
let lists: AppRoute[];
let ids: string[];
let resourceIds: string[];
let offeringIds: string[];
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
  resourceIds = tables[1].map((r) => r.id);
  offeringIds = tables[2].map((r) => r.id);
  tokens = [a.staffToken, a.ownerToken, a.consumerToken, b.ownerToken, b.consumerToken];
  const routes = parseRouteTree(app.printRoutes({ commonPrefix: false }));
  mutating = routes.filter(
    (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.startsWith('/api/docs'),
  );
  lists = routes.filter(
    (r) =>
      r.method === 'GET' &&
      !r.path.includes(':') &&
      r.path.startsWith('/api/') &&
      !r.path.startsWith('/api/docs'),
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

/** A query-string value of a hostile class, or a nasty string. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  hostileValue.filter((v): v is string => typeof v === 'string'),
  fc.constantFrom(...OUT_OF_RANGE),
  hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
  nastyString,
);

describe('REST fuzzing', () => {
  // Fails if a list filter passes a value PostgreSQL refuses (NUL, lone surrogate, year 0 or beyond 9999,
  // overflowing numbers) to the database: a 500. A GET must never change a table.
  test('every list filter with hostile values: never 5xx, nothing changes', async () => {
    const filters = publisherListFilters();
    expect(filters).toEqual(expect.arrayContaining(['modified_before', 'billing_period', 'name', 'page']));
    const request = fc.record({
      route: fc.constantFrom(...lists),
      token: fc.constantFrom(...tokens),
      query: fc.array(fc.tuple(fc.constantFrom(...filters), hostileText), { minLength: 1, maxLength: 3 }),
    });
    const statuses = new Map<number, number>();
    const before = await fingerprint.take();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const qs = r.query.map(([k, v]) => `${k}=${encodeComponent(v)}`).join('&');
        const url = `${r.route.path}?${qs}`;
        const res = await callApi(publisher.app, 'GET', url, r.token);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `GET ${url} -> ${res.text.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(1000) },
    );
    expect(DbFingerprint.changed(before, await fingerprint.take())).toEqual([]);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    // And each filter alone with each fixed out-of-range value, on every list.
    for (const route of lists) {
      for (const filter of filters) {
        for (const value of [
          '\u0000',
          'a\ud800',
          '0000-01-01',
          '-271821-04-20T00:00:00Z',
          '99999999999999999999',
        ]) {
          const url = `${route.path}?${filter}=${encodeComponent(value)}`;
          const res = await callApi(publisher.app, 'GET', url, tokens[0] ?? '');
          expect(res.status, `GET ${url} -> ${res.text.slice(0, 300)}`).toBeLessThan(500);
        }
      }
    }
  });

  // Fails if a handler let a bad input through to the database (unique/foreign-key violations, NaN, huge
  // numbers -> 500), or changed rows before validating (a 4xx with a changed fingerprint).
  test('random requests to mutating routes: never 5xx, and a rejected request changes nothing', async () => {
    const value = jsonValue(ids, publisher.url);
    // Bodies that pass the first checks of set_usage and order creation, with hostile amounts, dates and
    // free-form attributes, so the value checks behind them are reached too.
    const nearValid = fc.record(
      {
        resource: fc.constantFrom(...resourceIds),
        usages: fc.array(
          fc.record({
            type: fc.constantFrom('cpu', 'mem'),
            amount: fc.oneof(hostileValue, fc.double({ noNaN: true }), fc.constantFrom(...OUT_OF_RANGE)),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        date: fc.constantFrom(...OUT_OF_RANGE),
        offering: fc
          .constantFrom(...offeringIds)
          .map((id) => `${publisher.url}/api/marketplace-public-offerings/${id}/`),
        project: fc.constantFrom(...ids),
        type: fc.constant('Create'),
        attributes: hostileValue,
        backend_metadata: hostileValue,
        statistics: hostileValue,
        limits: fc.dictionary(fc.constantFrom('cpu', 'mem'), hostileValue),
      },
      { requiredKeys: ['resource', 'usages'] },
    );
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
        { weight: 2, arbitrary: nearValid.map((o) => ({ json: o })) },
      ),
      query: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom('offering_uuid', 'state', 'page', 'page_size', 'o', 'field'), nastyString),
          fc.oneof(nastyString, hostileText),
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
