// Scenario 1: event-to-effect latency. One sample: the consumer creates an order and approves it over REST (t0 is
// just before the create), the agent approves it as provider, creates the SLURM allocation and reports the order
// done. "allocation present" = the end of the `sacctmgr add account <allocation>` command (timing wrapper);
// "done" = when the publisher answered `set_state_done` (its request log). Variants:
//   (a) event_process (STOMP), (b) order_process polling every 1 s (measured) and at its default period
//   (modelled from the 1 s run, see below), (c) the floor: the same REST calls and the same SLURM commands (as
//   recorded from the agent) issued back to back by this script.
// Plus the notification latency alone: an order event committed here with the publisher's own recorder →
// the agent's "Processing message" log record (handler start).
// Scenario 5's share of SLURM time in the latency is computed from the same samples.
import { join } from 'node:path';
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';
import { sleep } from '../clock.js';
import { AgentProcess } from '../harness/agent-process.js';
import { childEnv } from '../harness/child-env.js';
import type { PublisherStack } from '../harness/publisher-stack.js';
import { RequestLog } from '../harness/request-log.js';
import { freshSlurm, runTool } from '../harness/slurm-state.js';
import {
  commandsBetween,
  createSlurmTiming,
  readSlurmTiming,
  type TimedCommand,
} from '../harness/slurm-timing.js';
import { analyse, splitPolled } from './latency-analysis.js';
import { measureBrokerNotifyFloor } from './latency-broker-floor.js';
import { recordLatencyFigures, recordNotificationFigures } from './latency-figures.js';
import { LIMITS, measureNotification, orderSample, type OrderSample } from './latency-samplers.js';

export async function runLatency(ctx: BenchContext, stack: PublisherStack): Promise<void> {
  const { settings, workDir, parts } = ctx;
  const s = settings.latency;
  const requests = new RequestLog(stack.process.log);

  const lat = stack.world('lat-');
  const flr = stack.world('flr-');
  const poll = stack.world('poll-');
  const latSlurm = await freshSlurm(workDir, parts.slurmBinDir, 'lat');
  const pollSlurm = await freshSlurm(workDir, parts.slurmBinDir, 'poll');
  // The floor runs its commands on the event agent's cluster (same accounts), timed into a log of its own.
  const floorSlurm = createSlurmTiming(
    workDir,
    parts.slurmBinDir,
    'floor',
    latSlurm.env.SLURM_MOCK_STATE ?? '',
  );
  ctx.progress('latency: starting an event_process agent and an order_process agent (1 s period)');
  const eventAgent = AgentProcess.start(
    {
      label: 'lat-agent',
      mode: 'event_process',
      offerings: [lat.agentOffering],
      overrides: { backend_settings: { slurm_bin_path: latSlurm.binDir } },
      env: latSlurm.env,
    },
    workDir,
    parts.agentCli,
  );
  const pollAgent = AgentProcess.start(
    {
      label: 'poll-agent',
      mode: 'order_process',
      offerings: [{ ...poll.agentOffering, stomp_enabled: false }],
      overrides: { backend_settings: { slurm_bin_path: pollSlurm.binDir } },
      env: {
        ...pollSlurm.env,
        WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES: String(1 / 60),
        WALDUR_SITE_AGENT_TICK_SECONDS: '1',
      },
    },
    workDir,
    parts.agentCli,
  );
  const latConsumer = stack.rest(lat.consumerToken);
  const flrConsumer = stack.rest(flr.consumerToken);
  const pollConsumer = stack.rest(poll.consumerToken);
  const flrOwner = stack.rest(flr.ownerToken);
  const eventRaw: OrderSample[] = [];
  const floorRaw: OrderSample[] = [];
  const pollRaw: OrderSample[] = [];
  let templateCommands: TimedCommand[] = [];
  let template: OrderSample | undefined;
  let doneOrder = '';
  try {
    await Promise.all([eventAgent.waitReady(), pollAgent.waitReady()]);
    const eventSample = async (i: number): Promise<OrderSample> => {
      const sample = await orderSample(
        stack,
        requests,
        lat,
        latConsumer,
        i,
        () => Promise.resolve(),
        () => eventAgent.process.running,
      );
      doneOrder = sample.order;
      // let the agent finish the order's post-processing and its own follow-up events, so samples do not overlap
      await sleep(600);
      return sample;
    };
    // Warm-up: the first order also creates the customer and project accounts; the last one gives the command
    // list the floor script replays (without commands of earlier orders that spilled into its window).
    const warm: OrderSample[] = [];
    for (let i = 0; i < Math.max(2, s.warmup); i += 1) warm.push(await eventSample(i));
    template = warm.at(-1);
    if (template === undefined) throw new BenchError('SCENARIO_FAILED', 'no warm-up order');
    const earlier = warm.slice(0, -1).map((w) => w.backendId);
    templateCommands = commandsBetween(readSlurmTiming(latSlurm.logFile), template.t0, template.tDone).filter(
      (c) => !earlier.some((id) => c.args.some((a) => a.includes(id))),
    );
    const replayFrom = template;
    const floorSample = async (i: number): Promise<OrderSample> => {
      const newId = `${replayFrom.backendId}-f${String(i)}`;
      const env = childEnv(floorSlurm.env);
      return orderSample(
        stack,
        requests,
        flr,
        flrConsumer,
        1000 + i,
        async (order, resource) => {
          await flrOwner.get(`/marketplace-orders/${order}/`);
          await flrOwner.post(`/marketplace-orders/${order}/approve_by_provider/`);
          await flrOwner.get(`/marketplace-orders/${order}/`);
          await flrOwner.get(`/marketplace-provider-resources/${resource}/`);
          await flrOwner.get(`/marketplace-provider-resources/${resource}/team/?page_size=100`);
          for (const c of templateCommands) {
            await runTool(
              join(floorSlurm.binDir, c.tool),
              c.args.map((a) => a.replaceAll(replayFrom.backendId, newId)),
              env,
            );
          }
          await flrOwner.post(`/marketplace-provider-resources/${resource}/set_backend_id/`, {
            backend_id: newId,
          });
          await flrOwner.post(`/marketplace-provider-resources/${resource}/set_limits/`, { limits: LIMITS });
          await flrOwner.get(`/marketplace-orders/${order}/?field=uuid&field=state`);
          await flrOwner.post(`/marketplace-orders/${order}/set_state_done/`);
        },
        () => true,
      );
    };
    const pollSample = async (i: number): Promise<OrderSample> => {
      // a random phase against the poll period, as real orders have
      await sleep(Math.random() * 1000);
      return orderSample(
        stack,
        requests,
        poll,
        pollConsumer,
        i,
        () => Promise.resolve(),
        () => pollAgent.process.running,
      );
    };
    ctx.progress(
      `latency: ${String(s.eventSamples)} event_process, ${String(s.floorSamples)} floor and ${String(s.pollSamples)} order_process samples, ` +
        `interleaved (floor replays ${String(templateCommands.length)} SLURM commands)`,
    );
    await floorSample(-1); // untimed warm-up of the floor's path
    await pollSample(-1); // the first polled order may meet the agent's start-up pass
    const rounds = Math.max(s.eventSamples, s.floorSamples, s.pollSamples);
    for (let i = 0; i < rounds; i += 1) {
      if (i < s.eventSamples) eventRaw.push(await eventSample(100 + i));
      if (i < s.floorSamples) floorRaw.push(await floorSample(i));
      if (i < s.pollSamples) pollRaw.push(await pollSample(i));
    }
    await pollAgent.stop();
    ctx.progress(`latency: notification latency (${String(s.notifySamples)} events)`);
    const notify = await measureNotification(stack, eventAgent, doneOrder, s.notifySamples);
    ctx.progress(`latency: broker-only notification floor (${String(s.notifySamples)} messages)`);
    const brokerFloor = await measureBrokerNotifyFloor(ctx.broker, s.notifySamples);
    recordNotificationFigures(ctx, notify, brokerFloor);
  } finally {
    await Promise.all([eventAgent.stop(), pollAgent.stop()]);
  }
  const event = analyse(eventRaw, readSlurmTiming(latSlurm.logFile), requests);
  const floor = analyse(floorRaw, readSlurmTiming(floorSlurm.logFile), requests);
  const polled = analyse(pollRaw, readSlurmTiming(pollSlurm.logFile), requests);
  const templateRest = analyse([template], [], requests)[0]?.providerRest ?? [];
  const pollProcessing = splitPolled(polled, requests);
  recordLatencyFigures(ctx, {
    event,
    floor,
    polled,
    pollProcessing,
    templateRest,
    template,
    templateCommands,
  });
}
