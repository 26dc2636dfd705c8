// GET /metrics: Waldur token auth (staff or support only), valid Prometheus text (strict parser), and the figures
// of docs/metrics.md#publisher after real traffic: HTTP durations by route pattern, broker provisioning calls,
// recorded events, outbox rows by state and lag, and relay publish→confirm latency from a real relay.
import { metricFamily, parseExposition, type MetricFamily } from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { testBroker } from '../support/broker.js';
import { waitFor } from '@waldur-sim/harness';
import { auth, startApi, type ApiContext } from './api-world.js';
import { as } from './requests.js';

let ctx: ApiContext;

beforeAll(async () => {
  ctx = await startApi({ metrics: true });
});
afterAll(async () => ctx.close());

async function scrape(): Promise<MetricFamily[]> {
  const res = await ctx.app.inject({ method: 'GET', url: '/metrics', headers: auth(ctx.world.staff) });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(res.body);
}

/** The sample with these labels (a histogram's `_count`). */
const value = (f: MetricFamily, labels: Record<string, string>): number | undefined =>
  f.samples.find(
    (s) =>
      (f.type !== 'histogram' || s.name.endsWith('_count')) &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;

describe('/metrics', () => {
  it('needs a token (401) of staff or support (403 for others)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await as(ctx.app, ctx.world.outsider).get('/metrics')).statusCode).toBe(403);
    expect((await as(ctx.app, ctx.world.providerOwner).get('/metrics')).statusCode).toBe(403);
  });

  it('reports requests, provisioning, recorded events, outbox rows and relay latency', async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.providerOwner);
    const sub = await owner.post('/api/event-subscriptions/', {
      observable_objects: [{ object_type: 'offering_resources_sync' }],
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const subUuid = sub.json<{ uuid: string }>().uuid;
    const queue = await owner.post(`/api/event-subscriptions/${subUuid}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'offering_resources_sync',
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const rows = await ctx.prisma.$transaction((tx) =>
      ctx.services.events.offeringResourcesSyncRequested(tx, w.offeringId, w.staff.id),
    );
    expect(rows).toBe(1);

    let families = await scrape();
    const http = metricFamily(families, 'waldur_http_request_duration_seconds');
    expect(http.type).toBe('histogram');
    expect(
      value(http, { route: '/api/event-subscriptions/:uuid/create_queue/', status: '201', method: 'POST' }),
    ).toBe(1);
    // Route patterns only: no id ever becomes a label value.
    expect(http.samples.filter((s) => /[0-9a-f]{32}/.test(s.labels.route ?? ''))).toEqual([]);
    const provisioning = metricFamily(families, 'waldur_broker_provisioning_calls_total');
    expect(value(provisioning, { operation: 'ensureSubscriptionQueue', outcome: 'ok' })).toBe(1);
    expect(value(provisioning, { operation: 'ensureVhost', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    const recorded = metricFamily(families, 'waldur_events_recorded_total');
    expect(value(recorded, { event: 'offeringResourcesSyncRequested' })).toBe(1);
    const outbox = metricFamily(families, 'waldur_outbox_rows');
    expect(outbox.samples.map((s) => [s.labels.state, s.value])).toEqual([
      ['pending', 1],
      ['sent', 0],
      ['dead', 0],
    ]);
    expect(metricFamily(families, 'waldur_outbox_lag_seconds').samples[0]?.value).toBeGreaterThanOrEqual(0);

    const metrics = ctx.services.metrics;
    if (metrics === undefined) throw new Error('metrics are on in this test');
    const relay = new OutboxRelay({
      databaseUrl: ctx.db.url,
      amqpUrl: testBroker().amqpUrl,
      listen: false,
      observer: metrics.relay,
    });
    try {
      await waitFor('the relay to publish the row', async () => (await relay.drainOnce()) === 1 || undefined);
    } finally {
      await relay.stop();
    }
    families = await scrape();
    expect(value(metricFamily(families, 'waldur_outbox_rows'), { state: 'sent' })).toBe(1);
    expect(metricFamily(families, 'waldur_outbox_lag_seconds').samples[0]?.value).toBe(0);
    const confirm = metricFamily(families, 'waldur_outbox_publish_confirm_seconds');
    expect(value(confirm, {})).toBe(1);
    for (const name of ['waldur_outbox_publish_failures_total', 'waldur_outbox_dead_total']) {
      expect(metricFamily(families, name).type).toBe('counter');
    }
  });
});
