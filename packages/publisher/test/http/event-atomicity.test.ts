// The HTTP layer writes every state change and its event in ONE transaction: when recording the event fails,
// the change is rolled back too (real database; the real recorder wrapped to fail on demand).
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxEventRecorder, type EventRecorder } from '../../src/events/event-recorder.js';
import { buildApp } from '../../src/http/app.js';
import { createServices } from '../../src/services.js';
import { BASE_URL, brokerProvisioner, createApiWorld, type ApiWorld } from '../api/api-world.js';
import { as } from '../api/requests.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import type { FastifyInstance } from 'fastify';

class RecorderFailure extends Error {
  readonly code = 'ERR_TEST_RECORDER';
}

/** The real recorder, except that the methods named in `failing` throw after doing their work. */
function failingRecorder(failing: Set<keyof EventRecorder>): EventRecorder {
  const real = new OutboxEventRecorder();
  return new Proxy(real, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (failing.has(prop as keyof EventRecorder)) throw new RecorderFailure(`${String(prop)} failed`);
        return result;
      };
    },
  });
}

let db: TestDatabase;
let app: FastifyInstance;
let world: ApiWorld;
const failing = new Set<keyof EventRecorder>();

beforeAll(async () => {
  db = await openTestDatabase();
  const services = createServices({
    prisma: db.prisma,
    publicBaseUrl: BASE_URL,
    provisioner: brokerProvisioner(),
    events: failingRecorder(failing),
    log: pino({ level: 'silent' }),
  });
  app = await buildApp(services, { docs: false });
  world = await createApiWorld(db.prisma);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('state change + event are atomic', () => {
  it('order creation is rolled back (no order, no resource) when its event cannot be recorded', async () => {
    failing.add('orderStateChanged');
    try {
      const before = { orders: await db.prisma.order.count(), resources: await db.prisma.resource.count() };
      const res = await as(app, world.projectAdmin).post('/api/marketplace-orders/', {
        offering: world.offeringId,
        project: world.projectId,
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ detail: 'A server error occurred.' });
      expect({ orders: await db.prisma.order.count(), resources: await db.prisma.resource.count() }).toEqual(
        before,
      );
    } finally {
      failing.clear();
    }
  });

  it('an order transition is rolled back when its event cannot be recorded, and succeeds once it can', async () => {
    const created = await as(app, world.projectAdmin).post('/api/marketplace-orders/', {
      offering: world.offeringId,
      project: world.projectId,
    });
    const orderId = created.json<{ uuid: string }>().uuid;
    failing.add('orderStateChanged');
    try {
      const res = await as(app, world.projectAdmin).post(
        `/api/marketplace-orders/${orderId}/approve_by_consumer/`,
      );
      expect(res.statusCode).toBe(500);
      expect((await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).state).toBe(
        'pending-consumer',
      );
    } finally {
      failing.clear();
    }
    expect(
      (await as(app, world.projectAdmin).post(`/api/marketplace-orders/${orderId}/approve_by_consumer/`))
        .statusCode,
    ).toBe(200);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } })).state).toBe(
      'pending-provider',
    );
  });

  it('resource flags, role grants and username changes roll back with their events', async () => {
    failing.add('resourceFlagsChanged').add('roleChanged').add('offeringUserUpdated');
    try {
      const paused = await as(app, world.providerOwner).post(
        `/api/marketplace-provider-resources/${world.resourceId}/set_paused/`,
        { paused: true },
      );
      expect(paused.statusCode).toBe(500);
      expect((await db.prisma.resource.findUniqueOrThrow({ where: { id: world.resourceId } })).paused).toBe(
        false,
      );

      const grant = await as(app, world.consumerOwner).post(`/api/projects/${world.projectId}/add_user/`, {
        role: 'PROJECT.MEMBER',
        user: world.outsider.id,
      });
      expect(grant.statusCode).toBe(500);
      expect(await db.prisma.projectPermission.count({ where: { userId: world.outsider.id } })).toBe(0);

      const rename = await as(app, world.providerOwner).patch(
        `/api/marketplace-offering-users/${world.offeringUserId}/`,
        { username: 'x' },
      );
      expect(rename.statusCode).toBe(500);
      expect(
        (await db.prisma.offeringUser.findUniqueOrThrow({ where: { id: world.offeringUserId } })).username,
      ).toBeNull();
    } finally {
      failing.clear();
    }
  });
});
