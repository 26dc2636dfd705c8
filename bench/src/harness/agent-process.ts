// The real `waldur-site-agent` executable for a scenario: its YAML config (seeded offering entries plus the
// scenario's overrides), its log in a file (read back for "Processing message" times and the queues it
// consumes), and readiness: in event_process, every consumer connected and every start-up catch-up finished.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  agentConfigYaml,
  agentReady,
  offeringEntry,
  spawnAgent,
  type LogRecord,
  type ManagedProcess,
} from '@waldur-sim/harness';
import type { AgentConfig } from '@waldur-sim/publisher';
import { BenchError } from '../bench-error.js';

export type AgentMode = 'event_process' | 'order_process';
type OfferingEntry = AgentConfig['offerings'][number];

export interface AgentSpec {
  readonly label: string;
  readonly mode: AgentMode;
  readonly offerings: readonly OfferingEntry[];
  /** Merged into every offering entry; backend_settings key by key. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly logLevel?: 'DEBUG' | 'INFO';
  /** More top-level config keys, e.g. `metrics_port`. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface ConsumerInfo {
  readonly objectType: string;
  readonly queue: string;
  readonly vhost: string;
  readonly offeringUuid: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `BENCH_AGENT_CPU_PROF=1`: every agent writes a V8 CPU profile into <work folder>/cpu-prof (bench/README.md). */
function profileArgs(workDir: string, label: string): string[] {
  if (process.env.BENCH_AGENT_CPU_PROF !== '1') return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'cpu-prof')}`, `--cpu-prof-name=${label}.cpuprofile`];
}

export class AgentProcess {
  private constructor(
    readonly spec: AgentSpec,
    readonly process: ManagedProcess,
    /** Index of the first log record of this start (the log file is appended across restarts). */
    readonly firstRecord: number,
  ) {}

  static start(spec: AgentSpec, workDir: string, agentCli: string): AgentProcess {
    const configFile = join(workDir, `${spec.label}.yaml`);
    writeFileSync(
      configFile,
      agentConfigYaml({
        offerings: spec.offerings.map((o) => offeringEntry(o, spec.overrides)),
        heartbeatFile: join(workDir, `${spec.label}.heartbeat`),
        logLevel: spec.logLevel ?? 'INFO',
        ...(spec.settings === undefined ? {} : { settings: spec.settings }),
      }),
    );
    const proc = spawnAgent({
      cli: agentCli,
      label: spec.label,
      mode: spec.mode,
      configFile,
      workDir,
      env: spec.env ?? {},
      capture: 'file',
      nodeArgs: profileArgs(workDir, spec.label),
    });
    proc.log.refresh();
    return new AgentProcess(spec, proc, proc.log.records.length);
  }

  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined)
      throw new BenchError('PROCESS_EXITED', `${this.spec.label} has no pid (spawn failed)`);
    return pid;
  }

  /** Log records of this start with the given pino msg. */
  records(msg: string): LogRecord[] {
    return this.process.log.messages(msg, this.firstRecord);
  }

  consumers(): ConsumerInfo[] {
    return this.records('Starting STOMP consumer').map((r) => ({
      objectType: str(r.json?.objectType),
      queue: str(r.json?.queue),
      vhost: str(r.json?.vhost),
      offeringUuid: str(r.json?.offeringUuid),
    }));
  }

  /** event_process: all consumers subscribed and every offering's catch-up done; order_process: first pass done. */
  async waitReady(timeoutMs = 120_000): Promise<void> {
    const offerings = this.spec.offerings.length;
    const log = this.process.log;
    const from = this.firstRecord;
    if (this.spec.mode === 'order_process') {
      await log.waitFor(
        'first order processing pass',
        (l) => (l.messages('Order processing pass finished', from).length >= 1 ? true : undefined),
        {
          timeoutMs,
          pollMs: 50,
          alive: () => this.process.running,
        },
      );
      return;
    }
    await log.waitFor(
      'all consumers subscribed and start-up catch-up finished',
      (l) => (agentReady(l.records.slice(from), offerings) ? true : undefined),
      { timeoutMs, pollMs: 50, alive: () => this.process.running },
    );
  }

  stop(): Promise<unknown> {
    return this.process.stop(30_000);
  }
}
