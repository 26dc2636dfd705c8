// The site agent's start-up sequence (docs/protocol.md#agent-start-up) replayed with plain HTTP
// against the listening app and @stomp/stompjs over Web-STOMP, then the order round trip the agent drives
// (pending-provider -> approve_by_provider -> executing -> set_state_done -> done) arriving as STOMP events.
import { Client, StompHeaders, type IMessage } from '@stomp/stompjs';
import { createManagementClient } from '@waldur-sim/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OutboxRelay } from '../../src/events/outbox-relay.js';
import { testBroker } from '../support/broker.js';
import { waitFor } from '@waldur-sim/harness';
import { startApi, type ApiContext, type TestUser } from './api-world.js';

const broker = testBroker();
let ctx: ApiContext;
let relay: OutboxRelay;
let baseUrl: string;

beforeAll(async () => {
  ctx = await startApi();
  baseUrl = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  relay = new OutboxRelay({ databaseUrl: ctx.db.url, amqpUrl: broker.amqpUrl, pollIntervalMs: 100 });
  await relay.start();
});
afterAll(async () => {
  await relay.stop();
  const mgmt = createManagementClient(broker);
  for (const sub of await ctx.prisma.eventSubscription.findMany()) {
    await mgmt.deleteUser(sub.id);
    await mgmt.deleteVhost(sub.userId);
  }
  await ctx.close();
});

/** A REST call as the agent makes it (token auth, its User-Agent, JSON). */
async function http(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Token ${user.token}`,
      'user-agent': 'waldur-site-agent-event_process/1.0.6',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

interface Started {
  readonly identity: string;
  readonly subscriptions: Record<
    string,
    { uuid: string; user_uuid: string; status: number; queueStatus: number }
  >;
}

/** docs/protocol.md#agent-start-up steps 2-3 for `types`: identity lookup + PUT/POST, then register_event_subscription and create_queue. */
async function agentStartup(agent: TestUser, offeringId: string, types: readonly string[]): Promise<Started> {
  const name = `agent-${offeringId}`;
  const lookup = await http(agent, 'GET', `/api/marketplace-site-agent-identities/?name=${name}`);
  expect(lookup.status).toBe(200);
  const existing = (lookup.json as { uuid: string }[])[0];
  const body = {
    offering: offeringId,
    name,
    version: '1.0.6',
    last_restarted: new Date().toISOString(),
    dependencies: [{ package: 'waldur-api-client', version: '8.0.0' }],
    config_file_path: '',
    config_file_content: '',
  };
  const saved =
    existing === undefined
      ? await http(agent, 'POST', '/api/marketplace-site-agent-identities/', body)
      : await http(agent, 'PUT', `/api/marketplace-site-agent-identities/${existing.uuid}/`, body);
  expect(saved.status).toBe(existing === undefined ? 201 : 200);
  const identity = (saved.json as { uuid: string }).uuid;
  const subscriptions: Started['subscriptions'] = {};
  for (const type of types) {
    const sub = await http(
      agent,
      'POST',
      `/api/marketplace-site-agent-identities/${identity}/register_event_subscription/`,
      {
        observable_object_type: type,
        description: 'Event subscription created by the site agent for identity {identity.name}',
      },
    );
    const { uuid, user_uuid } = sub.json as { uuid: string; user_uuid: string };
    const queue = await http(agent, 'POST', `/api/event-subscriptions/${uuid}/create_queue/`, {
      offering_uuid: offeringId,
      object_type: type,
    });
    expect(queue.json).not.toBeNull();
    subscriptions[type] = { uuid, user_uuid, status: sub.status, queueStatus: queue.status };
  }
  return { identity, subscriptions };
}

/** docs/protocol.md#stomp-connection: STOMP over WebSocket, login = subscription uuid hex, passcode = API token, host = user uuid hex. */
async function stompConnect(login: string, passcode: string, vhost: string): Promise<Client> {
  const client = new Client();
  client.webSocketFactory = () => new WebSocket(broker.webStompUrl, ['v12.stomp']);
  const headers = new StompHeaders();
  Object.assign(headers, { login, passcode, host: vhost, 'accept-version': '1.2' });
  client.connectHeaders = headers;
  client.heartbeatIncoming = 10_000;
  client.heartbeatOutgoing = 10_000;
  client.reconnectDelay = 0;
  await new Promise<void>((resolve, reject) => {
    client.onConnect = () => {
      resolve();
    };
    client.onStompError = (frame) => {
      reject(new Error(`STOMP ERROR: ${frame.headers.message ?? ''}`));
    };
    client.onWebSocketError = () => {
      reject(new Error('WebSocket error'));
    };
    client.activate();
  });
  return client;
}

it('identity, register_event_subscription + create_queue per type, STOMP login, then order events arrive', async () => {
  const w = ctx.world;
  const agent = w.providerOwner;
  const offering = w.offeringId;
  const first = await agentStartup(agent, offering, ['order', 'user_role']);
  expect(first.subscriptions.order).toMatchObject({ status: 201, queueStatus: 201, user_uuid: agent.id });
  expect(first.subscriptions.user_role).toMatchObject({ status: 201, queueStatus: 201 });

  const order = first.subscriptions.order!;
  const queue = `subscription_${order.uuid}_offering_${offering}_order`;
  const client = await stompConnect(order.uuid, agent.token, order.user_uuid);
  const events: IMessage[] = [];
  try {
    const subscribeHeaders = new StompHeaders();
    Object.assign(subscribeHeaders, { id: queue, ack: 'auto' });
    client.subscribe(`/amq/queue/${queue}`, (m) => events.push(m), subscribeHeaders);
    const states = () => events.map((m) => (JSON.parse(m.body) as { order_state: string }).order_state);

    // A consumer orders and approves over plain HTTP.
    const created = await http(w.projectAdmin, 'POST', '/api/marketplace-orders/', {
      offering,
      project: w.projectId,
      limits: { cpu: 1 },
      attributes: { name: 'startup' },
    });
    expect(created.status).toBe(201);
    const orderId = (created.json as { uuid: string }).uuid;
    expect(
      (await http(w.projectAdmin, 'POST', `/api/marketplace-orders/${orderId}/approve_by_consumer/`)).status,
    ).toBe(200);
    await waitFor('pending-provider event', () => states().includes('pending-provider'));

    // The agent reacts as process_order does: GET order, approve_by_provider, GET again, set_state_done.
    const got = await http(agent, 'GET', `/api/marketplace-orders/${orderId}/`);
    expect(got.json).toMatchObject({ uuid: orderId, state: 'pending-provider', type: 'Create' });
    expect(
      (await http(agent, 'POST', `/api/marketplace-orders/${orderId}/approve_by_provider/`)).status,
    ).toBe(200);
    const resource = (got.json as { marketplace_resource_uuid: string }).marketplace_resource_uuid;
    expect(
      (
        await http(agent, 'POST', `/api/marketplace-provider-resources/${resource}/set_backend_id/`, {
          backend_id: 'hpc_startup',
        })
      ).status,
    ).toBe(200);
    const check = await http(agent, 'GET', `/api/marketplace-orders/${orderId}/?field=uuid&field=state`);
    expect(check.json).toEqual({ uuid: orderId, state: 'executing' });
    expect((await http(agent, 'POST', `/api/marketplace-orders/${orderId}/set_state_done/`)).status).toBe(
      200,
    );
    await waitFor('done event', () => states().includes('done'));
    expect(states()).toEqual(['pending-consumer', 'pending-provider', 'executing', 'done']);
    for (const m of events)
      expect(JSON.parse(m.body)).toMatchObject({ order_uuid: orderId, offering_uuid: offering });
  } finally {
    await client.deactivate();
  }

  // Restart: the identity is found and updated, subscriptions and queues already exist (200s, same uuids).
  const again = await agentStartup(agent, offering, ['order', 'user_role']);
  expect(again.identity).toBe(first.identity);
  expect(again.subscriptions.order).toEqual({ ...first.subscriptions.order, status: 200, queueStatus: 200 });
  expect(again.subscriptions.user_role).toEqual({
    ...first.subscriptions.user_role,
    status: 200,
    queueStatus: 200,
  });

  // A wrong passcode is refused by the broker.
  await expect(stompConnect(order.uuid, 'f'.repeat(40), order.user_uuid)).rejects.toThrow();
  await waitFor('outbox drained', async () => (await relay.pendingCount()) === 0);
});
