// How much each scenario measures. `full` is the default `pnpm bench` (under 15 minutes on the 2-core machine),
// `quick` a ~2 minute smoke run with the same code paths and fewer samples.
export interface BenchSettings {
  readonly mode: 'full' | 'quick';
  readonly slurm: { readonly rounds: number };
  readonly latency: {
    readonly warmup: number;
    readonly eventSamples: number;
    readonly pollSamples: number;
    readonly floorSamples: number;
    readonly notifySamples: number;
    /** Default order_process period (WALDUR_SITE_AGENT_ORDER_PROCESS_PERIOD_MINUTES default), seconds. */
    readonly defaultPollPeriodS: number;
  };
  readonly consumer: { readonly runs: number; readonly messages: number };
  readonly publish: {
    /** Fan-out levels (queues per event) for the per-event cost; ascending. */
    readonly levels: readonly number[];
    /** Paced events per level. */
    readonly pacedEvents: Readonly<Record<string, number>>;
    /** Fan-outs of the throughput runs (subset of levels) and events per run. */
    readonly throughputEvents: Readonly<Record<string, number>>;
    /** Pairs of runs per fan-out, one with the publisher's metrics off and one on (even: ABBA order). */
    readonly throughputRuns: number;
    readonly unrelatedEvents: number;
    /** Messages per run of the bare amqplib confirm floors (window 200 / serial), one pair per throughput run. */
    readonly floorMessages: { readonly pipelined: number; readonly serial: number };
    /** Waldur-style baseline: runs × messages (one STOMP connection each). */
    readonly baselineRuns: number;
    readonly baselineMessages: number;
  };
  readonly agentScale: {
    /** Offerings per level (2 STOMP connections each: order + resource_api_key_rotation). */
    readonly offerings: readonly number[];
    readonly idleMs: number;
    readonly loadMs: number;
    readonly loadRate: number;
  };
}

export const FULL: BenchSettings = {
  mode: 'full',
  slurm: { rounds: 25 },
  latency: {
    warmup: 2,
    eventSamples: 20,
    pollSamples: 12,
    floorSamples: 15,
    notifySamples: 60,
    defaultPollPeriodS: 300,
  },
  // An even number of runs: bare and agent alternate which goes first (consumer.ts), and the broker drains each
  // successive backlog a little slower, so an odd count favours one side. 10,000 is the queue's length limit.
  consumer: { runs: 4, messages: 10_000 },
  publish: {
    levels: [1, 10, 100, 1000],
    pacedEvents: { '1': 40, '10': 30, '100': 15, '1000': 5 },
    throughputEvents: { '1': 5000, '10': 500, '100': 50 },
    throughputRuns: 4,
    unrelatedEvents: 40,
    floorMessages: { pipelined: 5000, serial: 1000 },
    baselineRuns: 3,
    baselineMessages: 50,
  },
  // 500 offerings = 1,000 STOMP connections: the scale goal (docs/agent.md#consumer-hot-path).
  agentScale: { offerings: [1, 5, 50, 500], idleMs: 10_000, loadMs: 10_000, loadRate: 200 },
};

export const QUICK: BenchSettings = {
  mode: 'quick',
  slurm: { rounds: 6 },
  latency: {
    warmup: 2,
    eventSamples: 4,
    pollSamples: 3,
    floorSamples: 3,
    notifySamples: 15,
    defaultPollPeriodS: 300,
  },
  consumer: { runs: 1, messages: 1000 },
  publish: {
    levels: [1, 10, 100],
    pacedEvents: { '1': 10, '10': 8, '100': 4 },
    throughputEvents: { '1': 1000, '10': 100, '100': 10 },
    throughputRuns: 2,
    unrelatedEvents: 10,
    floorMessages: { pipelined: 2000, serial: 300 },
    baselineRuns: 1,
    baselineMessages: 15,
  },
  agentScale: { offerings: [1, 5], idleMs: 3000, loadMs: 3000, loadRate: 200 },
};

/**
 * `BENCH_SCALE_OFFERINGS=1,500` replaces the agent-scale levels (e.g. to run only the 1,000-connection level);
 * anything that is not a list of positive integers is a usage error.
 */
export function withScaleOverride(settings: BenchSettings, value: string | undefined): BenchSettings {
  if (value === undefined || value.trim() === '') return settings;
  const levels = value.split(',').map((v) => Number(v.trim()));
  if (levels.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_SCALE_OFFERINGS must be positive integers separated by commas, got "${value}"`);
  return { ...settings, agentScale: { ...settings.agentScale, offerings: levels } };
}
