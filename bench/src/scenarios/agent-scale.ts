// Scenario 4 (agent side): memory (RSS) and CPU of the real agent process with 2, 10, 100 and 1,000 STOMP
// connections (offerings × {order, resource_api_key_rotation}; two is the minimum per STOMP offering; each offering
// is its own seeded world, so its own vhost and broker users, within the publisher's default limits), first idle, then under a
// fixed load: the same total message rate (no-op path: order events in state `done`) spread round-robin over
// every order queue, so the CPU figures compare the cost of connections, not of work.
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';
import { sleep } from '../clock.js';
import { AgentProcess } from '../harness/agent-process.js';
import { AmqpFeeder, wireMessage, type QueueTarget } from '../harness/amqp-feeder.js';
import { readMemory, sampleUsage } from '../harness/proc-stats.js';
import type { PublisherStack } from '../harness/publisher-stack.js';
import { freshSlurm } from '../harness/slurm-state.js';
import { waitFor } from '@waldur-sim/harness';

const S4 = '4 scale (agent)';
/** Goal for the agent's idle RSS with 1,000 STOMP connections. */
const RSS_GOAL_MIB = 250;

export function scaleWorldPrefix(i: number): string {
  return `sc${String(i).padStart(2, '0')}-`;
}

export async function runAgentScale(ctx: BenchContext, stack: PublisherStack): Promise<void> {
  const { results, settings, workDir, parts, broker } = ctx;
  const s = settings.agentScale;
  const slurm = await freshSlurm(workDir, parts.slurmBinDir, 'scale');
  const feeder = new AmqpFeeder(broker.amqpUrl);
  try {
    for (const offerings of s.offerings) {
      const worlds = Array.from({ length: offerings }, (_, i) => stack.world(scaleWorldPrefix(i)));
      ctx.progress(`agent-scale: ${String(offerings)} offering(s), starting the agent`);
      const t0 = performance.now();
      const agent = AgentProcess.start(
        {
          label: `scale-agent-${String(offerings)}`,
          mode: 'event_process',
          offerings: worlds.map((w) => w.agentOffering),
          overrides: { membership_sync_backend: '', backend_settings: { slurm_bin_path: slurm.binDir } },
          env: slurm.env,
        },
        workDir,
        parts.agentCli,
      );
      try {
        // Start-up registers an identity and two subscriptions per offering: allow ~1.5 s per offering. A slower
        // start is not a failure by itself: the consumer count below decides (≥ 90 %), and is reported.
        await agent.waitReady(Math.max(240_000, offerings * 1500)).catch(() => undefined);
        // Subscription set-ups the publisher failed (a busy broker) are retried with backoff: give them a while.
        const planned = offerings * 2;
        await agent.process.log
          .waitFor(
            `${String(planned)} consumers subscribed`,
            (l) => {
              const queues = new Set(
                l.messages('Connected and subscribed', agent.firstRecord).map((r) => r.json?.queue),
              );
              return queues.size >= planned ? true : undefined;
            },
            { timeoutMs: 120_000, pollMs: 500, alive: () => agent.process.running },
          )
          .catch(() => undefined);
        const startupMs = performance.now() - t0;
        const consumers = agent.consumers();
        const connections = consumers.length;
        // Below 90 % the level measures something else; a few missing set-ups are reported, not hidden.
        if (connections < planned * 0.9)
          throw new BenchError(
            'SCENARIO_FAILED',
            `expected ${String(planned)} consumers, the agent started ${String(connections)}`,
          );
        const targets: QueueTarget[] = consumers
          .filter((c) => c.objectType === 'order')
          .map((c) => ({ vhost: c.vhost, queue: c.queue }));
        // One AMQP connection per vhost (500 at the top level): opened before any sample, or the load window
        // would mostly measure their set-up while few messages are sent.
        await feeder.open(targets);
        await sleep(3000);
        ctx.progress(`agent-scale: ${String(connections)} connections idle (${String(s.idleMs / 1000)} s)`);
        const idle = await sampleUsage(agent.pid, s.idleMs);
        ctx.progress(
          `agent-scale: ${String(connections)} connections under ${String(s.loadRate)} msg/s (${String(s.loadMs / 1000)} s)`,
        );
        const before = agent.records('Processing message').length;
        const [load, sent] = await Promise.all([
          sampleUsage(agent.pid, s.loadMs),
          feeder.stream(targets, (t) => wireMessage(t), s.loadRate, s.loadMs),
        ]);
        // Handled = what the agent logged by the time it caught up (or 30 s after the stream ended).
        const handledNow = (): number => agent.records('Processing message').length - before;
        await waitFor('the agent to handle the streamed messages', () => handledNow() >= sent, {
          timeoutMs: 30_000,
          intervalMs: 500,
        }).catch(() => undefined);
        const handled = handledNow();
        const missing = planned - connections;
        const label = `${String(connections)} STOMP connections (${String(offerings)} offering${offerings === 1 ? '' : 's'}${missing > 0 ? `; ${String(missing)} queues not provisioned in time` : ''})`;
        const key = String(planned);
        results.add(
          {
            id: `agent.rss.idle.${key}`,
            scenario: S4,
            label: `agent RSS, idle, ${label}${planned === 1000 ? ` (goal ≤ ${String(RSS_GOAL_MIB)} MiB)` : ''}`,
            unit: 'MiB',
            nOf: '1 s samples',
          },
          idle.rssMiB,
        );
        results.add(
          {
            id: `agent.cpu.idle.${key}`,
            scenario: S4,
            label: `agent CPU, idle, ${label}`,
            unit: '% of a core',
            nOf: '1 s samples',
          },
          idle.cpuPercent,
        );
        results.add(
          {
            id: `agent.rss.load.${key}`,
            scenario: S4,
            label: `agent RSS under ${String(s.loadRate)} msg/s, ${label}`,
            unit: 'MiB',
            nOf: '1 s samples',
            note: `VmHWM ${load.hwmMiB.toFixed(0)} MiB`,
          },
          load.rssMiB,
        );
        results.add(
          {
            id: `agent.cpu.load.${key}`,
            scenario: S4,
            label: `agent CPU under ${String(s.loadRate)} msg/s, ${label}`,
            unit: '% of a core',
            nOf: '1 s samples',
            note: `${String(handled)}/${String(sent)} messages handled`,
          },
          load.cpuPercent,
        );
        results.add(
          {
            id: `agent.startup.${key}`,
            scenario: S4,
            label: `agent start → all consumers subscribed, ${label}`,
            unit: 'ms',
            nOf: 'starts',
          },
          [startupMs],
        );
        results.detail(`agent.scale.${key}`, {
          offerings,
          connections,
          startupMs,
          idle,
          load,
          sent,
          handled,
          rssAfter: readMemory(agent.pid),
        });
      } finally {
        await agent.stop();
        for (const t of agent.consumers())
          await feeder.purge({ vhost: t.vhost, queue: t.queue }).catch(() => undefined);
      }
    }
  } finally {
    await feeder.close();
  }
  const counts = s.offerings.map((o) => String(o * 2));
  const lo = counts[0];
  const hi = counts.at(-1);
  if (lo !== undefined && hi !== undefined && lo !== hi) {
    results.ratio(
      'ratio.agent.rss',
      S4,
      `agent RSS idle, ${hi} / ${lo} connections`,
      `agent.rss.idle.${hi}`,
      `agent.rss.idle.${lo}`,
    );
    results.ratio(
      'ratio.agent.cpu',
      S4,
      `agent CPU under the same load, ${hi} / ${lo} connections`,
      `agent.cpu.load.${hi}`,
      `agent.cpu.load.${lo}`,
    );
    const a = results.figure(`agent.rss.idle.${lo}`);
    const b = results.figure(`agent.rss.idle.${hi}`);
    if (a !== undefined && b !== undefined) {
      results.add(
        {
          id: 'agent.rss.per-connection',
          scenario: S4,
          label: `agent RSS per additional STOMP connection (idle medians, ${hi} vs ${lo} connections)`,
          unit: 'MiB',
          nOf: 'level pair',
          kind: 'derived',
        },
        [(b.median - a.median) / (Number(hi) - Number(lo))],
      );
    }
  }
}
