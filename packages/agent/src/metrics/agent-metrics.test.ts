import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricFamily, parseExposition, type MetricFamily } from '@waldur-sim/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingCommandRunner } from '../backend/recording-runner.js';
import type { Delivery, DeliveryOutcome } from '../stomp/delivery-processor.js';
import { AgentMetrics } from './agent-metrics.js';
import { startMetricsServer } from './metrics-server.js';

const delivery: Delivery = { headers: {}, body: '{}', ack: () => undefined, nack: () => undefined };
const sinkAnswering = (outcome: DeliveryOutcome) => ({ process: () => Promise.resolve(outcome) });

function sample(f: MetricFamily, labels: Record<string, string>): number | undefined {
  return f.samples.find(
    (s) =>
      (f.type !== 'histogram' || s.name.endsWith('_count')) &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

let stateDir: string;
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'agent-metrics-'));
});
afterEach(async () => rm(stateDir, { recursive: true, force: true }));

describe('AgentMetrics over its HTTP listener', () => {
  it('serves valid exposition text with messages, handler and command durations, connections and intents', async () => {
    const metrics = new AgentMetrics(stateDir);
    const orders = metrics.observeSink('order', sinkAnswering('acked'));
    await orders.process(delivery);
    await orders.process(delivery);
    await metrics.observeSink('order', sinkAnswering('dead-lettered')).process(delivery);
    await metrics.observeSink('user_role', sinkAnswering('requeued')).process(delivery);

    const consumer = metrics.consumerObserver('order');
    metrics.consumerObserver('user_role').onDisconnected({ reason: 'connect failed' });
    consumer.onConnected({ connects: 1 });
    consumer.onDisconnected({ reason: 'socket closed' });
    consumer.onConnected({ connects: 2 });

    const runner = metrics.timedRunner(new RecordingCommandRunner().on('sacctmgr', { exitCode: 1 }));
    await runner.run('/usr/bin/sacctmgr', ['list', 'account']);
    await runner.run('sbatch', []);

    await writeFile(
      join(stateDir, `create-intents-${'ab'.repeat(16)}.json`),
      JSON.stringify({ version: 1, intents: { a: {}, b: {} } }),
    );

    const server = await startMetricsServer(metrics, '127.0.0.1', 0);
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const families = parseExposition(await res.text());
      const messages = metricFamily(families, 'waldur_agent_messages_total');
      expect(sample(messages, { object_type: 'order', outcome: 'received' })).toBe(3);
      expect(sample(messages, { object_type: 'order', outcome: 'acked' })).toBe(2);
      expect(sample(messages, { object_type: 'order', outcome: 'dead_lettered' })).toBe(1);
      expect(sample(messages, { object_type: 'user_role', outcome: 'nacked' })).toBe(1);
      const handler = metricFamily(families, 'waldur_agent_handler_duration_seconds');
      expect(sample(handler, { object_type: 'order' })).toBe(3);
      const commands = metricFamily(families, 'waldur_agent_backend_command_duration_seconds');
      expect(sample(commands, { command: 'sacctmgr', outcome: 'failed' })).toBe(1);
      expect(sample(commands, { command: 'sbatch', outcome: 'ok' })).toBe(1);
      const connected = metricFamily(families, 'waldur_agent_stomp_connected');
      expect(sample(connected, { object_type: 'order' })).toBe(1);
      expect(sample(connected, { object_type: 'user_role' })).toBe(0);
      const reconnects = metricFamily(families, 'waldur_agent_stomp_reconnects_total');
      expect(sample(reconnects, { object_type: 'order' })).toBe(1);
      expect(metricFamily(families, 'waldur_agent_create_intents').samples[0]?.value).toBe(2);

      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
