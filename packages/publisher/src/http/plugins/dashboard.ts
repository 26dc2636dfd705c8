// The live dashboard at /dashboard/ (docs/dashboard.md): static page and bundle (public, they hold no data),
// and the data as JSON (/dashboard/snapshot) or a Server-Sent Events stream (/dashboard/stream), both behind a
// staff/support token like /metrics. One shared timer builds a snapshot per interval while a stream is open.
// Agents' REST calls about orders are noted here (onResponse) for the delivered / applied hops.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { isGlobalReader } from '../../domain/permissions.js';
import { CallbackLog } from '../../dashboard/callback-log.js';
import { buildSnapshot, type QueueStatsSource } from '../../dashboard/dashboard-snapshot.js';
import type { PublisherServices } from '../../services.js';
import { PermissionDeniedError } from '../errors.js';
import { authOf } from './auth.js';

export interface DashboardOptions {
  readonly services: PublisherServices;
  readonly queueStats: QueueStatsSource;
  /** Snapshot interval of the stream (default 1000 ms). */
  readonly intervalMs?: number;
  /** Agent down after this long without queue consumer and heartbeat (default 300 s). */
  readonly staleAfterSeconds?: number;
}

/** Package root: this file is src/http/plugins/ (tests) or dist/http/plugins/ (built). */
const PACKAGE_ROOT = new URL('../../../', import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  '': { file: 'dashboard/index.html', type: 'text/html; charset=utf-8' },
  'style.css': { file: 'dashboard/style.css', type: 'text/css; charset=utf-8' },
  'app.js': { file: 'dist/dashboard-ui/app.js', type: 'text/javascript; charset=utf-8' },
};
const ORDER_ROUTE = '/api/marketplace-orders/:uuid/';

const dashboardPlugin: FastifyPluginCallback<DashboardOptions> = (app, opts, done) => {
  const { services } = opts;
  const callbacks = new CallbackLog();
  const streams = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;
  const snapshot = () =>
    buildSnapshot({
      prisma: services.prisma,
      callbacks,
      queueStats: opts.queueStats,
      clock: services.clock,
      staleAfterSeconds: opts.staleAfterSeconds ?? 300,
      limit: 25,
    });

  const broadcast = async (): Promise<void> => {
    try {
      const frame = `data: ${JSON.stringify(await snapshot())}\n\n`;
      for (const s of streams) s.write(frame);
    } catch (err) {
      services.log.warn({ err }, 'dashboard snapshot failed');
    }
  };
  const stopTimerIfIdle = (): void => {
    if (streams.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };

  app.addHook('onResponse', (request, reply, next) => {
    const route = request.routeOptions.url;
    const auth = request.auth;
    if (route?.startsWith(ORDER_ROUTE) === true && auth !== null && reply.statusCode < 400) {
      const { uuid } = request.params as { uuid: string };
      callbacks.add({
        orderId: uuid.replaceAll('-', '').toLowerCase(),
        userId: auth.user.id,
        method: request.method,
        // When the call arrived: the event it causes is recorded (createdAt) while it runs.
        at: new Date(services.clock().getTime() - reply.elapsedTime),
      });
    }
    next();
  });
  app.addHook('preClose', (next) => {
    for (const s of streams) s.end();
    streams.clear();
    stopTimerIfIdle();
    next();
  });

  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`/dashboard/${name}`, { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.type(asset.type).send(await readFile(new URL(asset.file, PACKAGE_ROOT))),
    );
  }
  const staffOnly = (request: Parameters<typeof authOf>[0]): void => {
    if (!isGlobalReader(authOf(request).access)) throw new PermissionDeniedError();
  };
  app.get('/dashboard/snapshot', { schema: { hide: true } }, async (request) => {
    staffOnly(request);
    return snapshot();
  });
  app.get('/dashboard/stream', { schema: { hide: true } }, (request, reply) => {
    staffOnly(request);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    streams.add(res);
    res.on('close', () => {
      streams.delete(res);
      stopTimerIfIdle();
    });
    void broadcast();
    timer ??= setInterval(() => void broadcast(), opts.intervalMs ?? 1000);
  });
  done();
};

export default fp(dashboardPlugin, { name: 'waldur-dashboard', fastify: '5.x' });
