// The agent's Prometheus metrics (docs/metrics.md#agent), opt-in with `metrics_port`. Everything hooks in from
// the outside — a wrapping message sink, the consumer's connect observers, a wrapping command runner — so the
// consumer and the backends are unchanged and pay nothing when metrics are off. Labels are bounded: object type,
// outcome, command name; never an offering or resource uuid.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import client from 'prom-client';
import type { CommandRunner } from '../backend/command-runner.js';
import type { Delivery, DeliveryOutcome } from '../stomp/delivery-processor.js';
import type { MessageSink } from '../stomp/stomp-consumer.js';
import { SinkTally, type Settled } from './sink-tally.js';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What a delivery outcome counts as. */
const SETTLED: Record<DeliveryOutcome, Settled> = {
  acked: 'acked',
  'auto-acked': 'acked',
  requeued: 'nacked',
  'dead-lettered': 'dead_lettered',
  'auto-failed': 'dead_lettered',
  'auto-invalid': 'dead_lettered',
};

export interface ConsumerObserver {
  onConnected(info: { connects: number }): void;
  onDisconnected(info: { reason: string }): void;
}

export class AgentMetrics {
  readonly registry = new client.Registry();
  private readonly messages: client.Counter<'object_type' | 'outcome'>;
  private readonly handlerSeconds: client.Histogram<'object_type'>;
  private readonly commandSeconds: client.Histogram<'command' | 'outcome'>;
  private readonly reconnects: client.Counter<'object_type'>;
  private readonly connected: client.Gauge<'object_type'>;
  private readonly tallies: SinkTally[] = [];

  /** `stateDir`: where the create-intent journals live (their size is read at scrape time). */
  constructor(stateDir: string | null) {
    const registers = [this.registry];
    this.messages = new client.Counter({
      name: 'waldur_agent_messages_total',
      help: 'STOMP messages by object type and outcome (received, acked, nacked, dead_lettered)',
      labelNames: ['object_type', 'outcome'],
      registers,
      collect: () => {
        this.flushTallies();
      },
    });
    this.handlerSeconds = new client.Histogram({
      name: 'waldur_agent_handler_duration_seconds',
      help: 'Time to process one message (parse, handler, settle) by object type',
      labelNames: ['object_type'],
      buckets: BUCKETS,
      registers,
      collect: () => {
        this.flushTallies();
      },
    });
    this.commandSeconds = new client.Histogram({
      name: 'waldur_agent_backend_command_duration_seconds',
      help: 'Backend command run time by program name and outcome (ok, failed exit, error)',
      labelNames: ['command', 'outcome'],
      buckets: BUCKETS,
      registers,
    });
    this.reconnects = new client.Counter({
      name: 'waldur_agent_stomp_reconnects_total',
      help: 'STOMP connections re-established after a loss, by object type',
      labelNames: ['object_type'],
      registers,
    });
    this.connected = new client.Gauge({
      name: 'waldur_agent_stomp_connected',
      help: 'STOMP consumers currently connected, by object type (one per offering and object type)',
      labelNames: ['object_type'],
      registers,
    });
    new client.Gauge({
      name: 'waldur_agent_create_intents',
      help: 'Entries in the create-intent journals (backend creates not yet recorded in Waldur)',
      registers,
      async collect() {
        this.set(stateDir === null ? 0 : await journalSize(stateDir));
      },
    });
  }

  /**
   * Wraps a consumer's sink: counts and times every delivery. The counts are tallied per consumer as plain
   * numbers and reach prom-client in batches (sink-tally.ts, docs/metrics.md#overhead).
   */
  observeSink(objectType: string, sink: MessageSink): MessageSink {
    const tally = new SinkTally(objectType, this.messages, this.handlerSeconds);
    this.tallies.push(tally);
    return {
      process: (delivery: Delivery): DeliveryOutcome | Promise<DeliveryOutcome> => {
        tally.receive();
        const t0 = performance.now();
        const outcome = sink.process(delivery);
        // A synchronous outcome (the no-op path) is tallied without a closure or promise.
        if (typeof outcome === 'string') {
          tally.settle(SETTLED[outcome], (performance.now() - t0) / 1000);
          return outcome;
        }
        return outcome.then((settled) => {
          tally.settle(SETTLED[settled], (performance.now() - t0) / 1000);
          return settled;
        });
      },
    };
  }

  /** Connect observers for one consumer (its own connected flag, so failed connects never go negative). */
  consumerObserver(objectType: string): ConsumerObserver {
    let up = false;
    this.connected.inc({ object_type: objectType }, 0);
    return {
      onConnected: ({ connects }) => {
        if (connects > 1) this.reconnects.inc({ object_type: objectType });
        if (!up) this.connected.inc({ object_type: objectType });
        up = true;
      },
      onDisconnected: () => {
        if (up) this.connected.dec({ object_type: objectType });
        up = false;
      },
    };
  }

  /** Wraps a command runner: times every run by program name. */
  timedRunner(runner: CommandRunner): CommandRunner {
    return {
      run: async (file, args, opts) => {
        const stop = this.commandSeconds.startTimer({ command: basename(file) });
        try {
          const result = await runner.run(file, args, opts);
          stop({ outcome: result.exitCode === 0 ? 'ok' : 'failed' });
          return result;
        } catch (e) {
          stop({ outcome: 'error' });
          throw e;
        }
      },
    };
  }

  private flushTallies(): void {
    for (const t of this.tallies) t.flush();
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Intents in all journals of the folder (create-intents-<offering>.json, see state/create-intent-journal.ts). */
async function journalSize(stateDir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names.filter((n) => /^create-intents-[0-9a-f]+\.json$/.test(n))) {
    try {
      const parsed = JSON.parse(await readFile(join(stateDir, name), 'utf8')) as { intents?: object };
      total += Object.keys(parsed.intents ?? {}).length;
    } catch {
      // being replaced right now (atomic rename): counted at the next scrape
    }
  }
  return total;
}
