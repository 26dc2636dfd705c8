// The real `waldur-site-agent` executable for a scenario: its YAML config (seeded offering entries plus the
// scenario's overrides), its log in a file (read back for "Processing message" times and the queues it
// consumes), and readiness: in event_process, every consumer connected and every start-up catch-up finished.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AgentConfig } from '@waldur-sim/publisher';
import { childEnv } from './child-env.js';
import { OwnedProcess } from './child-process.js';
import type { LogRecord } from './log-file.js';

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
}

export interface ConsumerInfo {
  readonly objectType: string;
  readonly queue: string;
  readonly vhost: string;
  readonly offeringUuid: string;
}

function merge(entry: OfferingEntry, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const settings = {
    ...entry.backend_settings,
    ...(overrides.backend_settings as Record<string, unknown> | undefined),
  };
  return { ...entry, ...overrides, backend_settings: settings };
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
    readonly process: OwnedProcess,
    /** Index of the first log record of this start (the log file is appended across restarts). */
    readonly firstRecord: number,
  ) {}

  static start(spec: AgentSpec, workDir: string, agentCli: string): AgentProcess {
    const configFile = join(workDir, `${spec.label}.yaml`);
    const config = {
      log_level: spec.logLevel ?? 'INFO',
      heartbeat_file: join(workDir, `${spec.label}.heartbeat`),
      shutdown_timeout_seconds: 10,
      offerings: spec.offerings.map((o) => merge(o, spec.overrides ?? {})),
    };
    writeFileSync(configFile, stringify(config));
    const logFile = join(workDir, `${spec.label}.log`);
    const proc = OwnedProcess.spawn({
      label: spec.label,
      command: process.execPath,
      args: [...profileArgs(workDir, spec.label), agentCli, '-m', spec.mode, '-c', configFile],
      env: childEnv(spec.env ?? {}),
      logFile,
    });
    proc.log.refresh();
    return new AgentProcess(spec, proc, proc.log.records.length);
  }

  get pid(): number {
    return this.process.pid;
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
      (l) => {
        const caughtUp = l.records
          .slice(from)
          .filter((r) => /^Start-up order catch-up (finished|failed)$/.test(str(r.json?.msg))).length;
        const started = l.messages('Starting STOMP consumer', from).length;
        const connected = new Set(l.messages('Connected and subscribed', from).map((r) => str(r.json?.queue)))
          .size;
        return caughtUp >= offerings && started > 0 && connected >= started ? true : undefined;
      },
      { timeoutMs, pollMs: 50, alive: () => this.process.running },
    );
  }

  stop(): Promise<unknown> {
    return this.process.stop(30_000);
  }
}
