// /dashboard/: the page and its bundle are public (no data in them); the snapshot and the SSE stream need a
// staff or support token; a snapshot shows outbox rows as events with their hops, queues with management-API
// figures (legacy subscription queues and unified consumer queues), agents (down without a consumer) and orders
// (docs/dashboard.md#data).
import { consumerQueueName } from '@waldur-sim/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSnapshot } from '../../src/dashboard/dashboard-snapshot-types.js';
import { newHexId } from '../../src/services.js';
import { auth, startApi, type ApiContext } from './api-world.js';
import { as } from './requests.js';

let ctx: ApiContext;
const consumers = new Map<string, number>();

beforeAll(async () => {
  ctx = await startApi({
    dashboard: {
      intervalMs: 50,
      queueStats: (_vhost, queue) =>
        Promise.resolve({ messages: 3, consumers: consumers.get(queue) ?? 0, message_stats: {} }),
    },
  });
});
afterAll(async () => ctx.close());

describe('/dashboard/', () => {
  it('serves the page and its bundle without a token', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/dashboard/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="app.js">');
    const js = await ctx.app.inject({ method: 'GET', url: '/dashboard/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.body).toContain('Token ');
  });

  it('needs a staff or support token for the data', async () => {
    for (const url of ['/dashboard/snapshot', '/dashboard/stream']) {
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode).toBe(401);
      expect((await as(ctx.app, ctx.world.providerOwner).get(url)).statusCode).toBe(403);
    }
  });

  it('shows events with hops, queues, agents and orders; the stream sends snapshots', async () => {
    const w = ctx.world;
    const owner = as(ctx.app, w.providerOwner);
    const sub = await owner.post('/api/event-subscriptions/', {
      observable_objects: [{ object_type: 'offering_resources_sync' }],
    });
    const subUuid = sub.json<{ uuid: string }>().uuid;
    const queue = await owner.post(`/api/event-subscriptions/${subUuid}/create_queue/`, {
      offering_uuid: w.offeringId,
      object_type: 'offering_resources_sync',
    });
    const queueName = queue.json<{ queue_name: string }>().queue_name;
    await ctx.prisma.$transaction((tx) =>
      ctx.services.events.offeringResourcesSyncRequested(tx, w.offeringId, w.staff.id),
    );
    const identity = await owner.post('/api/marketplace-site-agent-identities/', {
      offering: w.offeringId,
      name: 'agent-dashboard',
    });
    expect(identity.statusCode, identity.body).toBe(201);

    const snap = async (): Promise<DashboardSnapshot> => {
      const res = await as(ctx.app, w.staff).get('/dashboard/snapshot');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<DashboardSnapshot>();
    };
    let s = await snap();
    expect(s.outbox).toMatchObject({ pending: 1, sent: 0, dead: 0 });
    expect(s.events).toEqual([
      expect.objectContaining({
        objectType: 'offering_resources_sync',
        state: 'pending',
        hops: expect.objectContaining({ confirmed: null, delivered: null, applied: null }) as unknown,
      }),
    ]);
    expect(s.queues).toEqual([
      expect.objectContaining({
        queue: queueName,
        messages: 3,
        consumers: 0,
        objectType: 'offering_resources_sync',
      }),
    ]);
    expect(s.agents).toEqual([
      expect.objectContaining({ name: 'agent-dashboard', status: 'down', consumers: 0 }),
    ]);
    consumers.set(queueName, 1);
    s = await snap();
    expect(s.agents).toEqual([
      expect.objectContaining({ name: 'agent-dashboard', status: 'up', consumers: 1 }),
    ]);

    // The SSE stream over a real socket: two frames, each a full snapshot.
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/dashboard/stream`, { headers: auth(w.staff) });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while ((text.match(/\n\n/g) ?? []).length < 2) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) break;
      text += chunk.value;
    }
    await reader?.cancel();
    const frames = text.split('\n\n').filter((f) => f.startsWith('data: '));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const first = JSON.parse(frames[0]?.slice(6) ?? '') as DashboardSnapshot;
    expect(first.agents[0]?.status).toBe('up');
  });

  it("counts an agent's unified consumer queue like its legacy queues", async () => {
    const w = ctx.world;
    const identity = await ctx.prisma.agentIdentity.findFirstOrThrow({ where: { name: 'agent-dashboard' } });
    const consumer = await ctx.prisma.eventConsumer.create({
      data: {
        id: newHexId(),
        userId: w.providerOwner.id,
        identityId: identity.id,
        rmqUsername: newHexId(),
        objectTypes: ['order', 'resource'],
        queueCreated: true,
      },
    });
    const queue = consumerQueueName(consumer.id);
    consumers.clear();
    const snap = async (): Promise<DashboardSnapshot> =>
      (await as(ctx.app, w.staff).get('/dashboard/snapshot')).json<DashboardSnapshot>();
    let s = await snap();
    expect(s.queues).toContainEqual(
      expect.objectContaining({
        queue,
        vhost: w.providerOwner.id,
        objectType: 'order, resource',
        consumers: 0,
      }),
    );
    expect(s.agents).toEqual([expect.objectContaining({ name: 'agent-dashboard', status: 'down' })]);
    consumers.set(queue, 1);
    s = await snap();
    expect(s.agents).toEqual([
      expect.objectContaining({ name: 'agent-dashboard', status: 'up', consumers: 1 }),
    ]);
  });
});
