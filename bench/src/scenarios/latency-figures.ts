// Scenario 1's and 5's figures, ratios and notes from the analysed samples of one run.
import type { BenchContext } from '../bench-context.js';
import type { RequestEntry } from '../harness/request-log.js';
import type { TimedCommand } from '../harness/slurm-timing.js';
import { convolveUniform } from '../stats.js';
import { restShape, type Analysed, type PollSplit } from './latency-analysis.js';
import type { OrderSample } from './latency-samplers.js';

const S1 = '1 latency';
const S5 = '5 slurm-mock';

export interface LatencyRun {
  readonly event: readonly Analysed[];
  readonly floor: readonly Analysed[];
  readonly polled: readonly Analysed[];
  readonly pollProcessing: readonly PollSplit[];
  readonly templateRest: readonly RequestEntry[];
  readonly template: OrderSample;
  readonly templateCommands: readonly TimedCommand[];
}

export function recordLatencyFigures(ctx: BenchContext, run: LatencyRun): void {
  const { results, settings } = ctx;
  const s = settings.latency;
  const { event, floor, polled, pollProcessing, templateRest, template, templateCommands } = run;
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

/** Notification latency (commit → agent handler start) beside the broker-only floor of the same run. */
export function recordNotificationFigures(
  ctx: BenchContext,
  notify: { readonly fromLastStatement: number[]; readonly fromReturn: number[] },
  brokerFloor: readonly number[],
): void {
  const { results } = ctx;
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
  results.add(
    {
      id: 'latency.notify.broker-floor',
      scenario: S1,
      label: 'floor: broker only, amqplib persistent publish → @stomp/stompjs Web-STOMP delivery',
      unit: 'ms',
      nOf: 'messages',
      note: 'one process, performance.now on both ends',
    },
    brokerFloor,
  );
  results.ratio(
    'ratio.notify-floor.p50',
    S1,
    'notification p50 / broker-only floor p50',
    'latency.notify',
    'latency.notify.broker-floor',
  );
  results.ratioOf(
    'p99',
    'ratio.notify-floor.p99',
    S1,
    'notification p99 / broker-only floor p99',
    'latency.notify',
    'latency.notify.broker-floor',
  );
  results.goal({
    label: 'notification p50 ≤ 2 × broker-only floor',
    ref: 'ratio.notify-floor.p50',
    op: '≤',
    target: 2,
    unit: '×',
  });
  results.goal({
    label: 'notification p99 ≤ 3 × broker-only floor',
    ref: 'ratio.notify-floor.p99',
    op: '≤',
    target: 3,
    unit: '×',
  });
}
