// The agent over wss://: a private RabbitMQ node with a Web-STOMP TLS listener whose certificate a test CA
// signed for the name `localhost` only (made with openssl at test time). The agent with that CA in
// stomp_ws_ca_file connects and processes an order end to end; it refuses the listener when it trusts another
// CA, when it trusts only the system store, and when it dials the listener by a name not in the certificate.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentProcess } from '../../src/harness/agent-process.js';
import { FaultStack } from '../../src/harness/fault-stack.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { PrivateBroker } from '../../src/harness/private-broker.js';
import { makeTestCertificates, type TestCertificates } from '../../src/harness/test-ca.js';
import { waitFor } from '../../src/harness/wait-for.js';

let certs: TestCertificates;
let certDir: string;
let tlsBroker: PrivateBroker;
let stack: FaultStack;
let tlsPort: number;

function tlsOverrides(extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    websocket_use_tls: true,
    stomp_ws_host: 'localhost',
    stomp_ws_port: tlsPort,
    stomp_ws_path: '/ws',
    stomp_ws_ca_file: certs.caCert,
    ...extra,
  };
}

/** Waits until the agent failed `attempts` connection attempts; returns the WebSocket error details it logged. */
async function refusedAttempts(agent: AgentProcess, attempts = 2): Promise<string[]> {
  await waitFor(
    `${agent.options.label} to fail ${attempts} connection attempts`,
    () => agent.process.records('STOMP connection lost, reconnecting').length >= attempts,
    {
      timeoutMs: 60_000,
      lastSeen: () => agent.process.tail(10),
    },
  );
  return agent.process.records('WebSocket error').map((l) => JSON.stringify(l.json?.detail ?? ''));
}

beforeAll(async () => {
  certDir = await mkdtemp(join(tmpdir(), 'reliability-tls-'));
  certs = await makeTestCertificates(certDir);
  tlsBroker = await PrivateBroker.start({
    dataDir: join(DATA_ROOT, 'security', 'tls-broker'),
    name: 'reltls',
    tls: { certFile: certs.serverCert, keyFile: certs.serverKey, caCertFile: certs.caCert },
  });
  tlsPort = tlsBroker.webStompTlsPort ?? 0;
  stack = await FaultStack.start({
    name: 'tls',
    sharedBroker: tlsBroker.endpoints,
    startAgent: false,
    members: 0,
  });
});

afterAll(async () => {
  await stack.stop();
  await tlsBroker.stop();
  await rm(certDir, { recursive: true, force: true });
});

describe('agent over wss:// with a test CA', () => {
  // Fails if the agent ignored websocket_use_tls/stomp_ws_ca_file (it could not reach the TLS listener at all).
  test('trusting the test CA: connects over wss://localhost and processes an order', async () => {
    const agent = stack.extraAgent('agent-tls-ok', tlsOverrides({}));
    await agent.start();
    const started = agent.process.records('Starting STOMP consumer').map((l) => String(l.json?.url));
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((u) => u === `wss://localhost:${tlsPort}/ws`)).toBe(true);
    const c = stack.consumer;
    const order = (await c.ok('POST', '/marketplace-orders/', {
      offering: c.url('marketplace-public-offerings', stack.world.offeringId),
      project: c.url('projects', stack.world.projectId),
      type: 'Create',
      limits: { cpu: 1, mem: 1 },
      attributes: { name: 'over tls' },
    })) as { uuid: string };
    await c.ok('POST', `/marketplace-orders/${order.uuid}/approve_by_consumer/`, {});
    await waitFor(
      'the order to be done through the TLS consumer',
      async () =>
        (await stack.db.prisma.order.findUniqueOrThrow({ where: { id: order.uuid } })).state === 'done',
      {
        timeoutMs: 60_000,
      },
    );
    expect(agent.process.records('Processing message').length).toBeGreaterThan(0);
    await agent.stop();
  });

  // Fails if certificate verification were off (rejectUnauthorized false) or the CA option were ignored in
  // favour of "accept anything".
  test('trusting another CA: refuses the listener and never subscribes', async () => {
    const agent = stack.extraAgent(
      'agent-tls-other-ca',
      tlsOverrides({ stomp_ws_ca_file: certs.otherCaCert }),
    );
    await agent.start(false);
    const errors = await refusedAttempts(agent);
    expect(agent.subscriptions()).toBe(0);
    expect(errors.join(' ')).toMatch(/certificate|verify|self.signed/i);
    await agent.stop();
  });

  // Fails if the agent trusted every certificate when no CA file is given.
  test('trusting only the system store: refuses the test CA', async () => {
    const agent = stack.extraAgent('agent-tls-system', tlsOverrides({ stomp_ws_ca_file: null }));
    await agent.start(false);
    const errors = await refusedAttempts(agent);
    expect(agent.subscriptions()).toBe(0);
    expect(errors.join(' ')).toMatch(/certificate|verify|self.signed|issuer/i);
    await agent.stop();
  });

  // Fails if hostname verification were disabled (a custom checkServerIdentity that accepts anything).
  test('dialling a name the certificate does not carry: refused', async () => {
    const agent = stack.extraAgent('agent-tls-wrong-name', tlsOverrides({ stomp_ws_host: '127.0.0.1' }));
    await agent.start(false);
    const errors = await refusedAttempts(agent);
    expect(agent.subscriptions()).toBe(0);
    expect(errors.join(' ')).toMatch(/altname|hostname|does not match/i);
    await agent.stop();
  });
});
