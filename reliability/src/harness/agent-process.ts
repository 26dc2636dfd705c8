// The real `waldur-site-agent -m event_process` as a child process: writes its YAML config (the seeded offering
// plus per-suite overrides), runs it against slurm-mock through the command-log shims, and can be SIGKILLed and
// started again with the same config (the crash cases). Readiness = every consumer subscribed and the start-up
// order catch-up finished, read from the agent's structured log.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { childEnv, ManagedProcess } from './managed-process.js';
import { ReliabilityError } from './reliability-error.js';
import { waitFor } from './wait-for.js';

export interface AgentProcessOptions {
  readonly cli: string;
  readonly label: string;
  readonly workDir: string;
  /** `offerings[]` entries of the agent config. */
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  readonly env?: NodeJS.ProcessEnv;
  readonly logLevel?: string;
}

/** Merges `overrides` into a seeded offering entry; backend_settings key by key. */
export function offeringEntry(
  seeded: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const settings = {
    ...(seeded.backend_settings as Record<string, unknown> | undefined),
    ...(overrides.backend_settings as Record<string, unknown> | undefined),
  };
  return { ...seeded, ...overrides, backend_settings: settings };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export class AgentProcess {
  readonly configFile: string;
  private current: ManagedProcess | undefined;
  private starts = 0;

  constructor(readonly options: AgentProcessOptions) {
    this.configFile = join(options.workDir, `${options.label}.yaml`);
  }

  get process(): ManagedProcess {
    if (this.current === undefined)
      throw new ReliabilityError('START_FAILED', `${this.options.label} not started`);
    return this.current;
  }

  get running(): boolean {
    return this.current?.running === true;
  }

  async start(waitReady = true): Promise<void> {
    const o = this.options;
    const config = {
      log_level: o.logLevel ?? 'INFO',
      heartbeat_file: join(o.workDir, `${o.label}.heartbeat`),
      shutdown_timeout_seconds: 10,
      offerings: o.offerings,
    };
    await writeFile(this.configFile, stringify(config));
    this.starts += 1;
    const label = `${o.label}-${this.starts}`;
    this.current = ManagedProcess.spawn({
      label,
      command: process.execPath,
      args: [o.cli, '-m', 'event_process', '-c', this.configFile],
      env: childEnv(o.env),
      logFile: join(o.workDir, `${label}.log`),
    });
    if (waitReady) await this.waitReady();
  }

  /** Every started consumer subscribed and every offering's start-up catch-up finished. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const proc = this.process;
    await waitFor(
      `${proc.label} to subscribe and finish its start-up catch-up`,
      () => {
        if (!proc.running)
          throw new ReliabilityError('PROCESS_EXITED', `${proc.label} exited:\n${proc.tail()}`);
        const caughtUp = proc.lines.filter((l) =>
          /^Start-up order catch-up (finished|failed)$/.test(text(l.json?.msg)),
        ).length;
        const started = proc.records('Starting STOMP consumer').length;
        const subscribed = new Set(proc.records('Connected and subscribed').map((l) => text(l.json?.queue)))
          .size;
        return caughtUp >= this.options.offerings.length && started > 0 && subscribed >= started;
      },
      { timeoutMs, lastSeen: () => proc.tail(15) },
    );
  }

  /** Number of "Connected and subscribed" records so far (reconnects included). */
  subscriptions(): number {
    return this.current?.records('Connected and subscribed').length ?? 0;
  }

  /** The crash: SIGKILL to the whole process group. */
  async crash(): Promise<void> {
    const proc = this.process;
    proc.kill('SIGKILL');
    await proc.exited;
  }

  async stop(): Promise<void> {
    if (this.current?.running === true) await this.current.stop(20_000);
  }
}
