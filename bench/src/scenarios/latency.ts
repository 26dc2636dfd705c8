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
import { openDatabase, OutboxEventRecorder } from '@waldur-sim/publisher';
import type { BenchContext } from '../bench-context.js';
import { BenchError } from '../bench-error.js';
import { sleep, wallNowMs } from '../clock.js';
import { AgentProcess } from '../harness/agent-process.js';
import { childEnv } from '../harness/child-env.js';
import type { PublisherStack, World } from '../harness/publisher-stack.js';
import { RequestLog, type RequestEntry } from '../harness/request-log.js';
import { freshSlurm, runTool } from '../harness/slurm-state.js';
import {
  commandsBetween,
  createSlurmTiming,
  readSlurmTiming,
  totalDuration,
  type TimedCommand,
} from '../harness/slurm-timing.js';
import type { WaldurRest } from '../harness/waldur-rest.js';
import { convolveUniform } from '../stats.js';

const S1 = '1 latency';
const S5 = '5 slurm-mock';
const LIMITS = { cpu: 1, mem: 1 } as const;

interface OrderSample {
  readonly order: string;
  readonly resource: string;
  readonly t0: number;
  readonly tApproved: number;
  readonly tDone: number;
  readonly backendId: string;
}

interface Analysed extends OrderSample {
  readonly latency: number;
  readonly alloc: number;
  readonly slurmMs: number;
  readonly slurmCommands: number;
  /** REST calls about this order or its resource in [t0, done], other than the consumer's create + approve. */
  readonly providerRest: RequestEntry[];
}

async function waitDone(
  requests: RequestLog,
  stack: PublisherStack,
  order: string,
  from: number,
  alive: () => boolean,
): Promise<number> {
  const done = `/api/marketplace-orders/${order}/set_state_done/`;
  const erred = `/api/marketplace-orders/${order}/set_state_erred/`;
  const entry = await stack.process.log.waitFor(
    `set_state_done of order ${order}`,
    () => {
      if (requests.completed('POST', erred, from) !== undefined)
        throw new BenchError('SCENARIO_FAILED', `order ${order} was marked erred`);
      return requests.completed('POST', done, from);
    },
    { timeoutMs: 90_000, pollMs: 20, alive: () => alive() && stack.process.running },
  );
  return entry.end ?? entry.start;
}

/** Create + approve as the consumer; `provider` does the provider's part (agent: wait; floor: do it). */
async function orderSample(
  stack: PublisherStack,
  requests: RequestLog,
  world: World,
  consumer: WaldurRest,
  index: number,
  provider: (order: string, resource: string) => Promise<void>,
  alive: () => boolean,
): Promise<OrderSample> {
  const t0 = wallNowMs();
  const order = await consumer.createOrder({
    offeringUuid: world.offeringUuid,
    projectUuid: world.projectUuid,
    limits: LIMITS,
    name: `bench ${index}`,
  });
  await consumer.approveByConsumer(order.uuid);
  const tApproved = wallNowMs();
  await provider(order.uuid, order.marketplace_resource_uuid);
  const tDone = await waitDone(requests, stack, order.uuid, Math.floor(t0) - 1, alive);
  const backendId = await stack.rest(world.ownerToken).resourceBackendId(order.marketplace_resource_uuid);
  return { order: order.uuid, resource: order.marketplace_resource_uuid, t0, tApproved, tDone, backendId };
}

function analyse(
  samples: readonly OrderSample[],
  commands: readonly TimedCommand[],
  requests: RequestLog,
): Analysed[] {
  return samples.map((s) => {
    const inWindow = commandsBetween(commands, s.t0, s.tDone);
    const add = inWindow.find(
      (c) =>
        c.tool === 'sacctmgr' &&
        c.args.includes('add') &&
        c.args.includes('account') &&
        c.args.includes(s.backendId),
    );
    const consumerCalls = new Set([
      `POST /api/marketplace-orders/`,
      `POST /api/marketplace-orders/${s.order}/approve_by_consumer/`,
    ]);
    // Only calls naming this order or its resource: the other agent's polling and follow-ups of the previous
    // order run in the background and are not this order's cost.
    const providerRest = requests
      .between(Math.floor(s.t0) - 1, s.tDone)
      .filter(
        (e) =>
          (e.url.includes(s.order) || e.url.includes(s.resource)) &&
          !consumerCalls.has(`${e.method} ${e.url.split('?')[0] ?? ''}`),
      );
    return {
      ...s,
      latency: s.tDone - s.t0,
      alloc: add === undefined ? Number.NaN : add.end - s.t0,
      slurmMs: totalDuration(inWindow),
      slurmCommands: inWindow.length,
      providerRest,
    };
  });
}

function restShape(entries: readonly RequestEntry[], ids: readonly string[]): string[] {
  return entries.map((e) => {
    let url = e.url;
    for (const id of ids) url = url.replaceAll(id, '{id}');
    return `${e.method} ${url}`;
  });
}

export async function runLatency(ctx: BenchContext, stack: PublisherStack): Promise<void> {
  const { results, settings, workDir, parts } = ctx;
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
    results.add(
      {
        id: 'latency.notify',
        scenario: S1,
        label: 'notification: publisher commit → agent handler start (event_process)',
        unit: 'ms',
        nOf: 'events',
        note: "from the database clock at the transaction's last statement, before COMMIT: upper bound",
      },
      notify.fromLastStatement,
    );
    results.add(
      {
        id: 'latency.notify.after-commit',
        scenario: S1,
        label: 'notification: commit returned to the publisher code → agent handler start',
        unit: 'ms',
        nOf: 'events',
        note: 'lower bound of the row above',
      },
      notify.fromReturn,
    );
  } finally {
    await Promise.all([eventAgent.stop(), pollAgent.stop()]);
  }
  const event = analyse(eventRaw, readSlurmTiming(latSlurm.logFile), requests);
  const floor = analyse(floorRaw, readSlurmTiming(floorSlurm.logFile), requests);
  const polled = analyse(pollRaw, readSlurmTiming(pollSlurm.logFile), requests);
  const templateRest = analyse([template], [], requests)[0]?.providerRest ?? [];
  // Processing part of a polled sample: from the poll's order-list request that returned the order (the last
  // list request before the agent's first read of it) to done; the wait before that list is what the period sets.
  const pollProcessing = polled.map((p) => {
    const firstGet = requests.entries.find(
      (e) =>
        e.method === 'GET' &&
        e.url.split('?')[0] === `/api/marketplace-orders/${p.order}/` &&
        e.start >= p.t0 - 1,
    );
    const pickedAt = firstGet?.start ?? p.tDone;
    const lists = requests.entries.filter(
      (e) => e.method === 'GET' && e.url.split('?')[0] === '/api/marketplace-orders/' && e.start <= pickedAt,
    );
    const pickup = lists.at(-1)?.start ?? pickedAt;
    return { consumer: p.tApproved - p.t0, wait: pickup - p.tApproved, processing: p.tDone - pickup };
  });

  // ---- figures -------------------------------------------------------------------------------------------------
  const add = (id: string, label: string, values: readonly number[], unit = 'ms', nOf = 'orders'): void => {
    results.add({ id, scenario: S1, label, unit, nOf }, values);
  };
  add(
    'latency.event',
    'event_process: order created → order done',
    event.map((e) => e.latency),
  );
  add(
    'latency.event.alloc',
    'event_process: order created → SLURM allocation present',
    event.map((e) => e.alloc),
  );
  add(
    'latency.poll1s',
    'order_process, 1 s period: order created → order done',
    polled.map((e) => e.latency),
  );
  add(
    'latency.poll1s.alloc',
    'order_process, 1 s period: order created → SLURM allocation present',
    polled.map((e) => e.alloc),
  );
  add(
    'latency.floor',
    'floor (same REST calls + SLURM commands back to back): created → done',
    floor.map((e) => e.latency),
  );
  add(
    'latency.floor.alloc',
    'floor: order created → SLURM allocation present',
    floor.map((e) => e.alloc),
  );
  const fixed = pollProcessing.map((p) => p.consumer + p.processing);
  results.addSummary(
    {
      id: 'latency.poll1s.model',
      scenario: S1,
      label: 'order_process, 1 s period, modelled (check of the model against the row above)',
      unit: 'ms',
      nOf: 'orders',
      kind: 'modelled',
      note: 'measured (consumer REST + pass processing) + uniform wait over 1 s',
    },
    convolveUniform(fixed, 1000),
  );
  results.addSummary(
    {
      id: 'latency.poll-default',
      scenario: S1,
      label: `order_process at its default period (${String(s.defaultPollPeriodS / 60)} min): created → done`,
      unit: 'ms',
      nOf: 'orders',
      kind: 'modelled',
      note: `measured (consumer REST + pass processing) of the 1 s run + uniform wait over ${String(s.defaultPollPeriodS)} s`,
    },
    convolveUniform(fixed, s.defaultPollPeriodS * 1000),
  );
  results.add(
    {
      id: 'latency.poll.processing',
      scenario: S1,
      label:
        'order_process: order list that found the order → order done (the part the period does not change)',
      unit: 'ms',
      nOf: 'orders',
    },
    pollProcessing.map((p) => p.processing),
  );

  const share = (rows: readonly Analysed[]): number[] => rows.map((r) => (r.slurmMs / r.latency) * 100);
  results.add(
    {
      id: 'slurm.time.event',
      scenario: S5,
      label: 'SLURM command time per order, event_process',
      unit: 'ms',
      nOf: 'orders',
    },
    event.map((e) => e.slurmMs),
  );
  results.add(
    {
      id: 'slurm.share.event',
      scenario: S5,
      label: 'share of event_process latency spent in SLURM commands',
      unit: '%',
      nOf: 'orders',
    },
    share(event),
  );
  results.add(
    {
      id: 'slurm.share.poll1s',
      scenario: S5,
      label: 'share of order_process (1 s) latency spent in SLURM commands',
      unit: '%',
      nOf: 'orders',
    },
    share(polled),
  );
  results.add(
    {
      id: 'slurm.share.floor',
      scenario: S5,
      label: 'share of the floor latency spent in SLURM commands',
      unit: '%',
      nOf: 'orders',
    },
    share(floor),
  );
  results.add(
    {
      id: 'slurm.commands.event',
      scenario: S5,
      label: 'SLURM commands per order before done, event_process',
      unit: 'commands',
      nOf: 'orders',
    },
    event.map((e) => e.slurmCommands),
  );
  results.add(
    {
      id: 'rest.calls.event',
      scenario: S1,
      label: 'provider REST calls about the order before done, event_process agent',
      unit: 'calls',
      nOf: 'orders',
    },
    event.map((e) => e.providerRest.length),
  );
  results.add(
    {
      id: 'rest.calls.floor',
      scenario: S1,
      label: 'provider REST calls about the order, floor script',
      unit: 'calls',
      nOf: 'orders',
    },
    floor.map((e) => e.providerRest.length),
  );

  results.ratio(
    'ratio.latency.event-floor',
    S1,
    'event_process / floor, created → done',
    'latency.event',
    'latency.floor',
  );
  results.ratio(
    'ratio.latency.poll1s-event',
    S1,
    'order_process (1 s) / event_process, created → done',
    'latency.poll1s',
    'latency.event',
  );
  results.ratio(
    'ratio.latency.polldefault-event',
    S1,
    'order_process (default period, modelled) / event_process',
    'latency.poll-default',
    'latency.event',
  );
  results.ratio(
    'ratio.latency.notify-event',
    S1,
    "notification / event_process latency (the event path's own share)",
    'latency.notify',
    'latency.event',
  );

  results.detail(
    'latency.event',
    event.map(({ providerRest: _r, ...rest }) => rest),
  );
  results.detail(
    'latency.floor',
    floor.map(({ providerRest: _r, ...rest }) => rest),
  );
  results.detail(
    'latency.poll1s',
    polled.map(({ providerRest: _r, ...rest }) => rest),
  );
  results.detail('latency.poll.processing', pollProcessing);
  results.detail('latency.agentRestCalls', restShape(templateRest, [template.order, template.resource]));
  results.detail(
    'latency.floorRestCalls',
    floor[0] === undefined ? [] : restShape(floor[0].providerRest, [floor[0].order, floor[0].resource]),
  );
  results.detail(
    'latency.slurmCommands',
    templateCommands.map((c) => [c.tool, ...c.args].join(' ')),
  );
  results.note(
    'Latency (scenario 1): t0 = just before the consumer\'s POST /marketplace-orders/; "done" = the publisher\'s log time of its answer to ' +
      'set_state_done; "allocation present" = end of `sacctmgr add account <allocation>` (bash timing wrapper around each SLURM tool, ' +
      'same wrapper for agent and floor). The floor script replays the SLURM argv recorded from a warm-up event_process order (on the same ' +
      'slurm-mock cluster) and the REST calls the agent code makes (approve, reads, set_backend_id, set_limits, state check, ' +
      'set_state_done) for orders of an offering nobody subscribes to. Event, floor and order_process samples are interleaved (one of ' +
      'each per round) so that machine drift hits them alike; the order_process agent polls every second in the background throughout.',
  );
  results.note(
    "Notification latency: order events for an already finished order (the agent's handler drops them without REST calls) committed " +
      "with the publisher's own OutboxEventRecorder in a Prisma transaction against the serving publisher's database; its relay " +
      '(LISTEN/NOTIFY) publishes them. Handler start = the agent\'s "Processing message" log record (pino time, whole milliseconds).',
  );
  results.note(
    `order_process at ${String(s.defaultPollPeriodS / 60)} min is MODELLED, not measured: the measured consumer-REST time plus the measured ` +
      "processing time (the poll's order list that found the order → done) of each 1 s-period sample, plus a wait uniform over the period (orders arrive at a random " +
      'phase); quantiles of that sum. The 1 s run also uses WALDUR_SITE_AGENT_TICK_SECONDS=1 (the 60 s main-loop tick would otherwise ' +
      'bound the period); the "1 s, modelled" row checks the model against the measured 1 s row.',
  );
}

/**
 * Commits order events for a finished order and times each until the agent starts handling it. The commit instant
 * is bracketed: `fromLastStatement` starts at the database clock at the transaction's last statement (before
 * COMMIT: an upper bound of the latency), `fromReturn` when the transaction returned to this process (after
 * COMMIT: a lower bound).
 */
async function measureNotification(
  stack: PublisherStack,
  agent: AgentProcess,
  order: string,
  count: number,
): Promise<{ fromLastStatement: number[]; fromReturn: number[] }> {
  const db = await openDatabase({ databaseUrl: stack.databaseUrl, poolMax: 2 });
  const recorder = new OutboxEventRecorder();
  const out = { fromLastStatement: [] as number[], fromReturn: [] as number[] };
  try {
    for (let i = 0; i < count + 3; i += 1) {
      const before = agent.records('Processing message').length;
      // The database's clock at the transaction's last statement: the commit follows right after it, and this
      // does not depend on when the benchmark's own event loop gets to run.
      const tCommit = await db.prisma.$transaction(async (tx) => {
        await recorder.orderStateChanged(tx, order);
        const rows = await tx.$queryRaw<
          { t: number }[]
        >`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS t`;
        return rows[0]?.t ?? wallNowMs();
      });
      const tReturned = wallNowMs();
      const record = await agent.process.log.waitFor(
        `agent handling of event ${String(i)}`,
        () =>
          agent
            .records('Processing message')
            .slice(before)
            .find((r) => (r.json?.payload as { order_uuid?: unknown } | undefined)?.order_uuid === order),
        { timeoutMs: 15_000, pollMs: 5, alive: () => agent.process.running },
      );
      if (i >= 3 && record.time !== undefined) {
        out.fromLastStatement.push(record.time - tCommit);
        out.fromReturn.push(record.time - tReturned);
      }
      await sleep(60 + Math.random() * 40);
    }
  } finally {
    await db.close();
  }
  return out;
}
