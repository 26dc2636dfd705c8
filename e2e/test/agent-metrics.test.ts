// The agent's Prometheus metrics in a real run (docs/metrics.md#agent): the real agent process with `metrics_port`
// in its config, driven through the real pair by an order and a project role granted and revoked. Its /metrics is
// scraped and parsed strictly, and every counter must agree with what the agent's own log says it did (messages
// by type and outcome, handler and backend command durations). Then the broker closes the agent's connections
// and the reconnects are counted.
import {
  createManagementClient,
  metricFamily,
  parseExposition,
  type MetricFamily,
} from '@waldur-sim/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AgentHandle } from '../src/harness/agent.js';
import type { SlurmMock } from '../src/harness/slurm-mock.js';
import { eventPath, Stack } from '../src/harness/stack.js';
import { waitFor } from '../src/harness/wait-for.js';
import { createAllocation } from './support/scenario.js';

const W = 'met-';
const ROLE = 'PROJECT.MEMBER';
const FAMILIES = [
  'waldur_agent_messages_total',
  'waldur_agent_handler_duration_seconds',
  'waldur_agent_backend_command_duration_seconds',
  'waldur_agent_stomp_reconnects_total',
  'waldur_agent_stomp_connected',
  'waldur_agent_create_intents',
];
let stack: Stack;
let slurm: SlurmMock;
let agent: AgentHandle;
let metricsUrl: string;

beforeAll(async () => {
  stack = await Stack.start({ name: 'agent-metrics', worlds: [W] });
  slurm = await stack.slurm();
  // Port 0: the agent listens on a free port and logs the URL.
  agent = await stack.agent({ label: 'agent', worlds: [W], slurm, settings: { metrics_port: 0 } });
  const listening = agent.process.lines.find((l) => l.json?.msg === 'Prometheus metrics listening');
  metricsUrl = String(listening?.json?.url);
});

afterAll(async () => {
  await stack.stop();
});

/** A consumer's metrics label: its object type, or `unified` for the one queue of E2E_EVENT_PATH=unified. */
function label(objectType: string): string {
  return eventPath() === 'unified' ? 'unified' : objectType;
}

async function scrape(): Promise<MetricFamily[]> {
  const res = await fetch(metricsUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

/** Non-zero samples of a family by their label values (`a/b`); histograms by their `_count`. */
function counts(
  families: readonly MetricFamily[],
  name: string,
  ...labels: string[]
): Record<string, number> {
  const family = metricFamily(families, name);
  const out: Record<string, number> = {};
  for (const s of family.samples) {
    if (family.type === 'histogram' && !s.name.endsWith('_count')) continue;
    if (s.value === 0) continue;
    out[labels.map((l) => s.labels[l] ?? '').join('/')] = s.value;
  }
  return out;
}

/** JSON with object keys sorted, to compare tallies whatever order their keys were added in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

interface Counted {
  readonly messages: Record<string, number>;
  readonly handler: Record<string, number>;
  readonly commands: Record<string, number>;
}

/** What the agent's log says it did: messages taken and acknowledged, SLURM commands run. */
function fromLog(): Counted {
  const messages = agent.messages();
  return {
    messages: tally([
      ...messages.map((m) => `${label(m.objectType)}/received`),
      ...messages.filter((m) => m.ackedAt !== undefined).map((m) => `${label(m.objectType)}/acked`),
    ]),
    handler: tally(messages.filter((m) => m.ackedAt !== undefined).map((m) => label(m.objectType))),
    commands: tally(agent.slurmCommands().map((c) => c.argv[0] ?? '')),
  };
}

function fromMetrics(families: readonly MetricFamily[]): Counted {
  const commands: Record<string, number> = {};
  const byOutcome = counts(families, 'waldur_agent_backend_command_duration_seconds', 'command', 'outcome');
  for (const [key, n] of Object.entries(byOutcome)) {
    const command = key.split('/')[0] ?? '';
    commands[command] = (commands[command] ?? 0) + n;
  }
  return {
    messages: counts(families, 'waldur_agent_messages_total', 'object_type', 'outcome'),
    handler: counts(families, 'waldur_agent_handler_duration_seconds', 'object_type'),
    commands,
  };
}

/** Waits until the scraped counters equal the log's (both settle a moment after each message). */
async function countersAgreeWithLog(): Promise<{ families: MetricFamily[]; counted: Counted }> {
  let seen: unknown;
  return waitFor(
    'the agent metrics to agree with its log',
    async () => {
      const families = await scrape();
      const counted = fromMetrics(families);
      const logged = fromLog();
      seen = { metrics: counted, log: logged };
      return canonical(counted) === canonical(logged) ? { families, counted } : undefined;
    },
    { lastSeen: () => seen },
  );
}

/** Consumers per label, as the agent started them. */
function consumersPerLabel(): Record<string, number> {
  const queues = new Set(agent.queues().map((q) => q.queue));
  const types =
    eventPath() === 'unified' ? [...queues].map(() => 'unified') : agent.queues().map((q) => q.objectType);
  return tally(types.map(label));
}

describe('agent metrics in a real run', () => {
  test('the agent serves every metric family, with a connected consumer per object type', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const families = await scrape();
    for (const name of FAMILIES) expect(metricFamily(families, name).name).toBe(name);
    const expected = consumersPerLabel();
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(counts(families, 'waldur_agent_stomp_connected', 'object_type')).toEqual(expected);
    expect(counts(families, 'waldur_agent_stomp_reconnects_total', 'object_type')).toEqual({});
  });

  test('messages by type and outcome, handler and backend command durations match what the agent did', async () => {
    const world = stack.world(W);
    const resource = await createAllocation(stack, W, 'Metered', { cpu: 1, mem: 1 });
    const colleague = await stack.owner(W).me();
    await stack.consumer(W).grantProjectRole(world.projectUuid, colleague.uuid, ROLE);
    await agent.waitForMessage('user_role', { user_uuid: colleague.uuid, granted: true });
    await stack.consumer(W).revokeProjectRole(world.projectUuid, colleague.uuid, ROLE);
    await agent.waitForMessage('user_role', { user_uuid: colleague.uuid, granted: false });

    const { families, counted } = await countersAgreeWithLog();
    // The allocation's order and the two role changes were counted under their own object types.
    expect(counted.messages[`${label('order')}/received`]).toBeGreaterThanOrEqual(1);
    expect(counted.messages[`${label('user_role')}/acked`]).toBeGreaterThanOrEqual(2);
    const settled = counts(families, 'waldur_agent_messages_total', 'object_type', 'outcome');
    expect(Object.keys(settled).filter((k) => /\/(nacked|dead_lettered)$/.test(k))).toEqual([]);
    // The SLURM account and the member's association were created and removed through timed commands.
    expect(agent.slurmCommands().map((c) => c.argv.join(' '))).toContainEqual(
      expect.stringContaining(`add account ${resource.backend_id}`),
    );
    expect(counted.commands.sacctmgr).toBeGreaterThanOrEqual(3);
    const sums = metricFamily(families, 'waldur_agent_backend_command_duration_seconds').samples.filter(
      (s) => s.name.endsWith('_sum') && s.labels.command === 'sacctmgr',
    );
    expect(sums.reduce((t, s) => t + s.value, 0)).toBeGreaterThan(0);
    const handlerSum = metricFamily(families, 'waldur_agent_handler_duration_seconds').samples.find(
      (s) => s.name.endsWith('_sum') && s.labels.object_type === label('user_role'),
    );
    expect(handlerSum?.value).toBeGreaterThan(0);
  });

  test('connections closed by the broker are counted as reconnects and come back up', async () => {
    const management = createManagementClient(stack.broker);
    const vhost = String(agent.process.records('Starting STOMP consumer')[0]?.json?.vhost);
    const expected = consumersPerLabel();
    const total = Object.values(expected).reduce((s, n) => s + n, 0);
    // The management API lists a connection only after the broker's next statistics round: wait for all.
    const connections = await waitFor('the agent connections in the management API', async () => {
      const listed = await management.request('GET', `/vhosts/${encodeURIComponent(vhost)}/connections`);
      const list = listed.body as { name: string }[];
      return list.length >= total ? list : undefined;
    });
    for (const c of connections)
      await management.request('DELETE', `/connections/${encodeURIComponent(c.name)}`);

    let seen: unknown;
    await waitFor(
      'every consumer to be counted as reconnected and connected',
      async () => {
        const families = await scrape();
        const reconnects = counts(families, 'waldur_agent_stomp_reconnects_total', 'object_type');
        const connected = counts(families, 'waldur_agent_stomp_connected', 'object_type');
        seen = { reconnects, connected };
        return canonical(reconnects) === canonical(expected) && canonical(connected) === canonical(expected)
          ? true
          : undefined;
      },
      { lastSeen: () => seen },
    );

    // Still counting after the reconnect.
    const before = fromLog().messages[`${label('order')}/acked`] ?? 0;
    await createAllocation(stack, W, 'After Reconnect', { cpu: 1, mem: 1 });
    const { counted } = await countersAgreeWithLog();
    expect(counted.messages[`${label('order')}/acked`]).toBeGreaterThan(before);
  });
});
