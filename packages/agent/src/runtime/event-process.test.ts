// The event_process start-up sequence of docs/protocol.md#agent-start-up, asserted on the HTTP requests themselves (fake fetch)
// and on the STOMP connection parameters (fake STOMP client factory).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnvSettings } from '../config/env-settings.js';
import { parseConfig } from '../config/load-config.js';
import type { StompClientSettings } from '../stomp/stomp-client-factory.js';
import type { StompClientCallbacks, StompClientFactory, StompClientLike } from '../stomp/stomp-consumer.js';
import { FakeBackend } from '../testing/fake-backend.js';
import { silentLog } from '../testing/test-context.js';
import type { FetchLike } from '../waldur/http-client.js';
import { EventProcessAgent } from './event-process.js';
import { SUBSCRIPTION_DESCRIPTION } from './stomp-subscriptions.js';

const T = '2026-01-01T00:00:00Z';
const USER_UUID = '5'.repeat(32);

interface Req {
  method: string;
  path: string;
  query: string;
  body: unknown;
}

interface Failure {
  status: number;
  retryAfter?: string;
}

function waldurRouter(
  host: string,
  options: { failIdentity?: boolean; createQueueFailures?: Failure[] } = {},
) {
  const requests: Req[] = [];
  let subs = 0;
  const base = `http://${host}/api/`;
  const json = (body: unknown, status = 200): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const identity = (name: string) => ({
    uuid: '1'.repeat(32),
    url: `${base}marketplace-site-agent-identities/${'1'.repeat(32)}/`,
    offering: '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a',
    created_by: null,
    name,
    created: T,
    modified: T,
    services: [],
    compatibility: { status: 'compatible', message: '' },
  });
  const fetchFn: FetchLike = (url, init) => {
    const u = new URL(url);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const path = u.pathname.replace(/^\/api\//, '');
    requests.push({ method: init.method ?? 'GET', path, query: u.search, body });
    if (options.failIdentity === true) return Promise.resolve(json({ detail: 'down' }, 503));
    if (path === 'marketplace-site-agent-identities/' && init.method === 'GET')
      return Promise.resolve(json([]));
    if (path === 'marketplace-site-agent-identities/' && init.method === 'POST')
      return Promise.resolve(json(identity((body as { name: string }).name), 201));
    if (path.endsWith('/register_service/')) {
      return Promise.resolve(
        json({
          uuid: '2'.repeat(32),
          url: `${base}s/`,
          identity: '1'.repeat(32),
          identity_name: 'x',
          name: 'svc',
          state: 'Active',
          created: T,
          modified: T,
        }),
      );
    }
    if (path.endsWith('/register_processor/')) {
      return Promise.resolve(
        json({
          uuid: '3'.repeat(32),
          url: `${base}p/`,
          service: '2'.repeat(32),
          service_name: 'svc',
          name: 'p',
          backend_type: 'slurm',
          created: T,
          modified: T,
        }),
      );
    }
    if (path.endsWith('/register_event_subscription/')) {
      subs += 1;
      const uuid = subs.toString(16).padStart(32, 'a');
      return Promise.resolve(
        json(
          {
            uuid,
            url: `${base}event-subscriptions/${uuid}/`,
            user: `${base}users/u/`,
            user_uuid: USER_UUID,
            user_username: 'agent',
            user_full_name: 'Agent',
            created: T,
            modified: T,
            source_ip: null,
          },
          201,
        ),
      );
    }
    if (path.endsWith('/create_queue/')) {
      const failure = options.createQueueFailures?.shift();
      if (failure !== undefined) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
        return Promise.resolve(
          new Response(JSON.stringify({ detail: 'busy' }), { status: failure.status, headers }),
        );
      }
      const b = body as { offering_uuid: string; object_type: string };
      const sub = path.split('/')[1] ?? '';
      return Promise.resolve(
        json(
          {
            uuid: '4'.repeat(32),
            url: `${base}event-subscription-queues/q/`,
            event_subscription: `${base}event-subscriptions/${sub}/`,
            event_subscription_uuid: sub,
            offering_uuid: b.offering_uuid.replaceAll('-', ''),
            object_type: b.object_type,
            queue_name: 'x',
            vhost: USER_UUID,
            created: T,
          },
          201,
        ),
      );
    }
    if (path === 'marketplace-orders/' || path === 'marketplace-provider-resources/')
      return Promise.resolve(json([]));
    return Promise.resolve(json({ detail: `no route ${path}` }, 404));
  };
  return { fetch: fetchFn, requests };
}

class AutoClient implements StompClientLike {
  connected = false;
  readonly subscribed: string[] = [];
  constructor(private readonly callbacks: StompClientCallbacks) {}
  activate(): void {
    queueMicrotask(() => {
      this.connected = true;
      this.callbacks.onConnect({ command: 'CONNECTED', headers: {}, body: '' } as never);
    });
  }
  deactivate(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }
  subscribe(destination: string): { id: string; unsubscribe(): void } {
    this.subscribed.push(destination);
    return { id: destination, unsubscribe: () => undefined };
  }
}

let agent: EventProcessAgent | null = null;
afterEach(async () => {
  await agent?.stop();
  agent = null;
});

async function start(offerings: Record<string, unknown>[], fetchFn: FetchLike, sleeps: number[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'ep-'));
  const { config } = parseConfig({ heartbeat_file: join(dir, 'hb'), offerings });
  const stomp: StompClientSettings[] = [];
  const clients: AutoClient[] = [];
  const makeFactory = (settings: StompClientSettings): StompClientFactory => {
    stomp.push(settings);
    return (callbacks) => {
      const c = new AutoClient(callbacks);
      clients.push(c);
      return c;
    };
  };
  agent = new EventProcessAgent(config, readEnvSettings({}), {
    log: silentLog,
    fetch: fetchFn,
    createBackend: () => new FakeBackend(),
    createStompClientFactory: makeFactory,
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((r) => setImmediate(r));
    },
  });
  agent.start();
  return { stomp, clients, agent };
}

const offering = (name: string, host: string, uuid: string) => ({
  name,
  waldur_api_url: `http://${host}/api/`,
  waldur_api_token: `token-${name}`,
  waldur_offering_uuid: uuid,
  backend_type: 'slurm',
  order_processing_backend: 'slurm',
  membership_sync_backend: 'slurm',
  stomp_enabled: true,
  websocket_use_tls: false,
  stomp_ws_host: 'mq.test',
  stomp_ws_port: 15674,
  stomp_ws_path: '/ws',
});

describe('EventProcessAgent start-up (docs/protocol.md#agent-start-up)', () => {
  it('registers identity, subscriptions and queues in order, then connects one consumer per object type', async () => {
    const router = waldurRouter('waldur.test');
    const OFF = '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a';
    const { stomp, clients, agent: a } = await start([offering('A', 'waldur.test', OFF)], router.fetch);
    await a.settled();

    const seq = router.requests.map((r) => `${r.method} ${r.path}`);
    expect(seq.slice(0, 2)).toEqual([
      'GET marketplace-site-agent-identities/',
      'POST marketplace-site-agent-identities/',
    ]);
    expect(router.requests[0]?.query).toBe(`?page_size=100&name=agent-${OFF}`);
    expect(router.requests[1]?.body).toMatchObject({
      offering: OFF,
      name: `agent-${OFF}`,
      config_file_path: '',
      config_file_content: '',
    });

    const types = [
      'order',
      'resource_api_key_rotation',
      'user_role',
      'resource',
      'service_account',
      'course_account',
      'offering_user',
      'offering_resources_sync',
    ];
    const setup = router.requests.filter(
      (r) => r.path.endsWith('/register_event_subscription/') || r.path.endsWith('/create_queue/'),
    );
    expect(setup.map((r) => r.body)).toEqual(
      types.flatMap((t) => [
        { observable_object_type: t, description: SUBSCRIPTION_DESCRIPTION },
        { offering_uuid: OFF, object_type: t },
      ]),
    );
    expect(SUBSCRIPTION_DESCRIPTION).toBe(
      'Event subscription created by the site agent for identity {identity.name}',
    );

    expect(stomp).toHaveLength(types.length);
    expect(stomp[0]).toMatchObject({
      url: 'ws://mq.test:15674/ws',
      vhost: USER_UUID,
      login: '1'.padStart(32, 'a'),
      passcode: 'token-A',
    });
    expect(clients.flatMap((c) => c.subscribed)[0]).toBe(
      `/amq/queue/subscription_${'1'.padStart(32, 'a')}_offering_0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a_order`,
    );
    expect(a.consumers.every((c) => c.currentState === 'connected')).toBe(true);

    // Start-up catch-up after the consumers: actionable orders, then membership over every handled resource.
    const catchUp = router.requests.filter(
      (r) => r.path === 'marketplace-orders/' || r.path === 'marketplace-provider-resources/',
    );
    expect(catchUp.map((r) => r.path)).toEqual(['marketplace-orders/', 'marketplace-provider-resources/']);
    expect(catchUp[0]?.query).toContain('state=pending-provider&state=executing');
  });

  it('one unreachable Waldur never blocks another offering', async () => {
    const bad = waldurRouter('down.test', { failIdentity: true });
    const good = waldurRouter('waldur.test');
    const fetchFn: FetchLike = (url, init) =>
      url.includes('down.test') ? bad.fetch(url, init) : good.fetch(url, init);
    const { agent: a } = await start(
      [
        offering('Down', 'down.test', '1b1b1b1b1b1b4b1b8b1b1b1b1b1b1b1b'),
        offering('Up', 'waldur.test', '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a'),
      ],
      fetchFn,
    );
    for (
      let i = 0;
      i < 2000 &&
      (a.consumers.filter((c) => c.currentState === 'connected').length < 8 || bad.requests.length < 10);
      i += 1
    ) {
      await new Promise((r) => setImmediate(r));
    }
    expect(a.consumers.filter((c) => c.currentState === 'connected')).toHaveLength(8);
    // The unreachable one is still being retried (no give-up), and never got past identity registration.
    expect(bad.requests.length).toBeGreaterThanOrEqual(10);
    expect(bad.requests.every((r) => r.path === 'marketplace-site-agent-identities/')).toBe(true);
  });

  it('create_queue answering 503 + Retry-After is retried no sooner than asked, until the consumer is up; a 400 too, while other offerings run', async () => {
    const busy = waldurRouter('busy.test', {
      // The HTTP client's own 5 tries, then the set-up loop's retry, then success.
      createQueueFailures: Array.from({ length: 6 }, () => ({ status: 503, retryAfter: '7' })),
    });
    const refused = waldurRouter('refused.test', { createQueueFailures: [{ status: 400 }, { status: 400 }] });
    const good = waldurRouter('waldur.test');
    const fetchFn: FetchLike = (url, init) =>
      url.includes('busy.test')
        ? busy.fetch(url, init)
        : url.includes('refused.test')
          ? refused.fetch(url, init)
          : good.fetch(url, init);
    const sleeps: number[] = [];
    const { agent: a } = await start(
      [
        offering('Busy', 'busy.test', '1b1b1b1b1b1b4b1b8b1b1b1b1b1b1b1b'),
        offering('Refused', 'refused.test', '2c2c2c2c2c2c4c2c8c2c2c2c2c2c2c2c'),
        offering('Up', 'waldur.test', '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a'),
      ],
      fetchFn,
      sleeps,
    );
    await a.settled();
    expect(a.consumers.filter((c) => c.currentState === 'connected')).toHaveLength(24);
    const queueCalls = (r: ReturnType<typeof waldurRouter>) =>
      r.requests.filter((q) => q.path.endsWith('/create_queue/')).length;
    expect(queueCalls(busy)).toBe(8 + 6);
    expect(queueCalls(refused)).toBe(8 + 2);
    // Every wait after a 503 honoured its Retry-After (7 s): the HTTP client's 4 + 1 retries, the set-up loop's 1.
    expect(sleeps.filter((ms) => ms >= 7000)).toHaveLength(6);
  });
});
