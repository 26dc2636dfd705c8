// Scenario 2: consumer throughput. A backlog of N order events (state `done`, which the agent's order handler
// drops without any REST or SLURM call: the agent's no-op path) is put into the agent's own order queue; then
// either the real agent (`waldur-site-agent -m event_process`, started on the backlog, INFO logging as shipped)
// or a bare @stomp/stompjs consumer (client-individual, the agent's prefetch) drains it. Rate = messages between
// the first and the last one handled (agent: its "Processing message" log times; bare: its own clock), once over
// the whole backlog and once over a steady window: from the first message the agent handled after its start-up
// catch-up finished, the same message range for the bare client (window-rate.ts).
// Runs alternate between the two so drift of the machine hits both alike. The agent also runs with its metrics
// listener on (`metrics_port`), next to each metrics-off run, for the overhead of metrics (metrics-overhead.ts).
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';
import { AgentProcess } from '../harness/agent-process.js';
import { AmqpFeeder, wireMessage, type QueueTarget } from '../harness/amqp-feeder.js';
import type { PublisherStack } from '../harness/publisher-stack.js';
import { runWorkerProcess } from '../harness/run-worker.js';
import { rateFrom, windowStart } from '../window-rate.js';
import { freshSlurm } from '../harness/slurm-state.js';
import { waitFor } from '@waldur-sim/harness';
import { recordMetricsOverhead } from './metrics-overhead.js';
import type { BareConsumerInput, BareConsumerOutput } from '../workers/bare-consumer.js';

const S2 = '2 consumer';
/**
 * The agent's default stomp_prefetch (config extension; the real agent uses ack auto without prefetch), also set
 * explicitly in the agent's config below so that agent and bare client always run with the same prefetch.
 */
const PREFETCH = 100;
/** The agent's SUBSCRIBE id for its order queue (the object type); the bare client uses it too, for the same frames. */
const SUBSCRIPTION_ID = 'order';

interface AgentRuns {
  readonly rates: number[];
  /** Per run: when the agent handled each message. */
  readonly times: number[][];
  /** Per run: when its start-up catch-up finished. */
  readonly ready: (number | undefined)[];
}

function newAgentRuns(): AgentRuns {
  return { rates: [], times: [], ready: [] };
}

export async function runConsumer(ctx: BenchContext, stack: PublisherStack): Promise<void> {
  const { results, settings, workDir, parts, broker } = ctx;
  const { runs, messages } = settings.consumer;
  const world = stack.world('thr-');
  const slurm = await freshSlurm(workDir, parts.slurmBinDir, 'thr');
  const spec = (label: string, metricsOn = false): Parameters<typeof AgentProcess.start>[0] => ({
    label,
    ...(metricsOn ? { settings: { metrics_port: 0 } } : {}),
    mode: 'event_process',
    offerings: [world.agentOffering],
    overrides: {
      stomp_prefetch: PREFETCH,
      membership_sync_backend: '',
      backend_settings: { slurm_bin_path: slurm.binDir },
    },
    env: slurm.env,
  });

  // First start: registers the subscriptions and queues; then we know the order queue.
  const first = AgentProcess.start(spec('thr-agent-setup'), workDir, parts.agentCli);
  let target: QueueTarget | undefined;
  try {
    await first.waitReady();
    const order = first.consumers().find((c) => c.objectType === 'order');
    if (order !== undefined) target = { vhost: order.vhost, queue: order.queue };
  } finally {
    await first.stop();
  }
  if (target === undefined) throw new BenchError('SCENARIO_FAILED', 'the agent started no order consumer');
  const queue = target;

  const feeder = new AmqpFeeder(broker.amqpUrl);
  const bareRates: number[] = [];
  const bareTimes: number[][] = [];
  /** The agent's runs with metrics off and on. */
  const agentRuns = { off: newAgentRuns(), on: newAgentRuns() };
  try {
    const fill = async (): Promise<void> => {
      await feeder.purge(queue);
      await feeder.fill(
        queue,
        Array.from({ length: messages }, () => wireMessage(queue)),
      );
    };
    const runBare = async (r: number): Promise<void> => {
      await fill();
      const out = await runWorkerProcess<BareConsumerOutput>(
        'bare-consumer',
        `bare-consumer-${String(r)}`,
        {
          url: broker.webStompUrl,
          login: broker.adminUser,
          passcode: broker.adminPassword,
          vhost: queue.vhost,
          queue: queue.queue,
          count: messages,
          prefetch: PREFETCH,
          subscriptionId: SUBSCRIPTION_ID,
          timeoutMs: 120_000,
        } satisfies BareConsumerInput,
        workDir,
        180_000,
      );
      bareRates.push(out.ratePerSecond);
      bareTimes.push([...out.times]);
      const left = await feeder.depth(queue);
      if (left !== 0)
        throw new BenchError('SCENARIO_FAILED', `bare consumer left ${String(left)} messages in the queue`);
    };
    const runAgent = async (r: number, metricsOn: boolean): Promise<void> => {
      await fill();
      const label = `thr-agent-${String(r)}${metricsOn ? '-metrics' : ''}`;
      const agent = AgentProcess.start(spec(label, metricsOn), workDir, parts.agentCli);
      const into = metricsOn ? agentRuns.on : agentRuns.off;
      try {
        // While the agent drains, the bench watches the queue depth instead of parsing the agent's log: the parse
        // would take CPU from the two cores the agent and the broker share (the bare run has no such reader). The
        // log is read once the queue is empty; its records carry the times.
        await waitFor(
          'the agent to take the whole backlog',
          // An agent that exited ends the wait too: the log wait below then fails with its last lines.
          async () => !agent.process.running || (await feeder.depth(queue)) === 0,
          { timeoutMs: 180_000, intervalMs: 200 },
        );
        const handled = await agent.process.log.waitFor(
          `${String(messages)} messages handled by the agent`,
          () => {
            const recs = agent.records('Processing message').filter((x) => x.json?.objectType === 'order');
            return recs.length >= messages ? recs : undefined;
          },
          { timeoutMs: 180_000, pollMs: 200, alive: () => agent.process.running },
        );
        const times = handled.slice(0, messages).map((x) => x.time ?? Number.NaN);
        if (metricsOn && agent.records('Prometheus metrics listening').length === 0)
          throw new BenchError('SCENARIO_FAILED', `${label} did not start its metrics listener`);
        into.rates.push(rateFrom(times));
        into.times.push(times);
        into.ready.push(agent.records('Start-up order catch-up finished')[0]?.time);
      } finally {
        await agent.stop();
      }
      const left = await feeder.depth(queue);
      if (left !== 0)
        throw new BenchError('SCENARIO_FAILED', `the agent left ${String(left)} messages in the queue`);
    };
    for (let r = 0; r < runs; r += 1) {
      ctx.progress(
        `consumer: run ${String(r + 1)}/${String(runs)} (${String(messages)} messages each, bare, agent, agent with metrics)`,
      );
      if (r % 2 === 0) {
        await runBare(r);
        await runAgent(r, false);
        await runAgent(r, true);
      } else {
        await runAgent(r, true);
        await runAgent(r, false);
        await runBare(r);
      }
    }
  } finally {
    await feeder.purge(queue).catch(() => undefined);
    await feeder.close();
  }
  results.addRate(
    {
      id: 'consumer.agent',
      scenario: S2,
      label: `agent (event_process, no-op handler path) consume + ack, prefetch ${String(PREFETCH)}`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    agentRuns.off.rates,
  );
  results.addRate(
    {
      id: 'consumer.bare',
      scenario: S2,
      label: `bare @stomp/stompjs consumer, client-individual, prefetch ${String(PREFETCH)}`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    bareRates,
  );
  const starts = [agentRuns.off, agentRuns.on].flatMap((a) =>
    a.times.map((t, r) => windowStart(t, a.ready[r])),
  );
  const skipped = Math.max(0, ...starts);
  const steady = (a: AgentRuns): number[] => a.times.map((t) => rateFrom(t, skipped));
  results.addRate(
    {
      id: 'consumer.agent.steady',
      scenario: S2,
      label: `agent consume + ack after its start-up (messages ${String(skipped + 1)}…${String(messages)})`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    steady(agentRuns.off),
  );
  results.addRate(
    {
      id: 'consumer.bare.steady',
      scenario: S2,
      label: `bare @stomp/stompjs consumer, same messages ${String(skipped + 1)}…${String(messages)}`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    bareTimes.map((t) => rateFrom(t, skipped)),
  );
  results.ratio(
    'ratio.consumer',
    S2,
    'agent / bare stompjs consumer, msg/s on the same queue, whole backlog (incl. agent start-up)',
    'consumer.agent',
    'consumer.bare',
  );
  results.ratio(
    'ratio.consumer.steady',
    S2,
    'agent / bare stompjs consumer, msg/s on the same queue, after agent start-up (goal ≥ 0.9×)',
    'consumer.agent.steady',
    'consumer.bare.steady',
  );
  results.goal({
    label: 'agent consume msg/s after start-up ≥ 0.9 × bare stompjs (same queue, same frames)',
    ref: 'ratio.consumer.steady',
    op: '≥',
    target: 0.9,
    unit: '×',
  });
  results.addRate(
    {
      id: 'consumer.agent.metrics',
      scenario: S2,
      label: `agent consume + ack with its metrics listener on (metrics_port), prefetch ${String(PREFETCH)}`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    agentRuns.on.rates,
  );
  recordMetricsOverhead(results, {
    what: 'agent consume msg/s after start-up',
    offId: 'consumer.agent.steady',
    on: {
      id: 'consumer.agent.metrics.steady',
      scenario: S2,
      label: `agent consume + ack with metrics on, after its start-up (messages ${String(skipped + 1)}…${String(messages)})`,
      unit: 'msg/s',
      nOf: 'runs',
    },
    offRuns: steady(agentRuns.off),
    onRuns: steady(agentRuns.on),
    ratioId: 'ratio.metrics.consumer',
  });
  results.note(
    `Consumer throughput (scenario 2): backlogs of ${String(messages)} order events in state "done" (dropped by the agent's order handler ` +
      'without REST or SLURM work) in the agent\'s own subscription queue; the agent parses, schema-checks, logs "Processing message" at ' +
      'INFO and acks each one. Bare consumer: a separate node process, same queue, same ack mode, prefetch and subscription id ' +
      '(so the same frames), same WebSocket options (no permessage-deflate), ack only. "After start-up": from the first message the agent handled after its start-up ' +
      'order catch-up finished (the latest such index over the runs), the same message range for both.',
  );
}
