// The fixture as a user sees it: one await gives a seeded Waldur with our agent; an order placed through the
// REST API as the consumer is processed by the agent (over STOMP, on slurm-mock) and reaches `done`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWaldurEmulator, type StartedWaldurEmulator } from '../src/index.js';

let emulator: StartedWaldurEmulator | undefined;

function started(): StartedWaldurEmulator {
  if (emulator === undefined) throw new Error('the emulator did not start');
  return emulator;
}

beforeAll(async () => {
  emulator = await startWaldurEmulator({ withAgent: true });
});

afterAll(async () => {
  await emulator?.stop();
});

async function rest(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<unknown> {
  const url = `${started().apiUrl}${path}`;
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('startWaldurEmulator', () => {
  it('hands back working URLs, tokens and an agent configuration for the host', async () => {
    const emulator = started();
    const me = (await rest('GET', 'users/me/', emulator.world.consumerToken)) as { uuid?: unknown };
    expect(typeof me.uuid).toBe('string');
    const offering = emulator.agentConfig.offerings[0];
    expect(offering?.waldur_api_url).toBe(emulator.apiUrl);
    expect(offering?.waldur_offering_uuid).toBe(emulator.world.offeringUuid);
    expect(emulator.agentConfigYaml).toContain(`stomp_ws_port: ${String(offering?.stomp_ws_port)}`);
    const whoami = await fetch(`${emulator.broker.managementUrl}/api/whoami`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${emulator.broker.adminUser}:${emulator.broker.adminPassword}`).toString('base64')}`,
      },
    });
    expect(whoami.status).toBe(200);
    const guest = await fetch(`${emulator.broker.managementUrl}/api/whoami`, {
      headers: { Authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
    });
    expect(guest.status).toBe(401);
  });

  it('drives an order placed by the consumer to done through the agent in its container', async () => {
    const emulator = started();
    const { consumerToken, offeringUuid, projectUuid } = emulator.world;
    const order = (await rest('POST', 'marketplace-orders/', consumerToken, {
      offering: `${emulator.apiUrl}marketplace-public-offerings/${offeringUuid}/`,
      project: `${emulator.apiUrl}projects/${projectUuid}/`,
      type: 'Create',
      limits: { cpu: 10, mem: 8 },
      attributes: { name: 'fixture-allocation' },
    })) as { uuid: string };
    await rest('POST', `marketplace-orders/${order.uuid}/approve_by_consumer/`, consumerToken);
    const state = await until('the order to reach a final state', async () => {
      const current = (await rest('GET', `marketplace-orders/${order.uuid}/`, consumerToken)) as {
        state: string;
      };
      return ['done', 'erred', 'rejected', 'canceled'].includes(current.state) ? current.state : undefined;
    });
    expect(state).toBe('done');
  });
});
