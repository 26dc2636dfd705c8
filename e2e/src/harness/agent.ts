// Runs the real `waldur-site-agent` executable against slurm-mock: writes its YAML config (the seeded offering
// entries plus per-scenario overrides), starts it in a mode with DEBUG logs, and reads its structured log back:
// the messages it processed, when it finished each, and every SLURM command it ran.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { HarnessError } from './harness-error.js';
import { childEnv, ManagedProcess, type LogLine } from './managed-process.js';
import type { SlurmMock } from './slurm-mock.js';
import { matches } from './payload-match.js';
import { waitFor, type WaitOptions } from './wait-for.js';

export type AgentMode = 'event_process' | 'order_process' | 'membership_sync' | 'report';

export interface StartAgentOptions {
  readonly label: string;
  readonly mode: AgentMode;
  /** `offerings[]` entries of the agent config. */
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  readonly slurm: SlurmMock;
  readonly workDir: string;
  readonly cli: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly echo?: (label: string, line: LogLine) => void;
  readonly nodeArgs?: readonly string[];
  /** Wait until every consumer is subscribed and the start-up catch-up finished (default true). */
  readonly waitReady?: boolean;
  /** The config's log_level (default DEBUG: the harness reads SLURM commands and acks from the log). */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARNING';
}

/** A message the agent took from a queue ("Processing message"). */
export interface AgentMessage {
  readonly at: number;
  readonly objectType: string;
  readonly offeringUuid: string;
  readonly queue: string;
  readonly messageKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** When the agent acknowledged it (handler finished), if it has. */
  readonly ackedAt: number | undefined;
}

export interface SlurmCommand {
  readonly at: number;
  /** argv with the executable's folder stripped: `sacctmgr --parsable2 … add account …`. */
  readonly argv: readonly string[];
}

/** Merge `overrides` into a seeded offering entry; backend_settings are merged key by key. */
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

function time(line: LogLine): number {
  return typeof line.json?.time === 'number' ? line.json.time : line.at;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export class AgentHandle {
  constructor(
    readonly label: string,
    readonly mode: AgentMode,
    readonly process: ManagedProcess,
    readonly configFile: string,
    readonly offeringCount: number,
  ) {}

  private records(msg: string): LogLine[] {
    return this.process.lines.filter((l) => l.json?.msg === msg);
  }

  /** Every message the agent started processing, in order. */
  messages(): AgentMessage[] {
    const acks = new Map<string, number>();
    for (const line of this.records('Message acknowledged'))
      acks.set(text(line.json?.messageKey), time(line));
    return this.records('Processing message').map((line) => {
      const j = line.json ?? {};
      const key = text(j.messageKey);
      return {
        at: time(line),
        objectType: text(j.objectType),
        offeringUuid: text(j.offeringUuid),
        queue: text(j.queue),
        messageKey: key,
        payload: (j.payload ?? {}) as Record<string, unknown>,
        ackedAt: acks.get(key),
      };
    });
  }

  /** Waits until the agent has processed (and, in client ack mode, acknowledged) a matching message. */
  waitForMessage(
    objectType: string,
    match: Readonly<Record<string, unknown>>,
    options: WaitOptions = {},
  ): Promise<AgentMessage> {
    return waitFor(
      `${this.label} to process a ${objectType} message matching ${JSON.stringify(match)}`,
      () =>
        this.messages().find(
          (m) => m.objectType === objectType && m.ackedAt !== undefined && matches(m.payload, match),
        ),
      {
        ...options,
        lastSeen: () =>
          Promise.resolve(
            this.messages().map((m) => ({
              type: m.objectType,
              payload: m.payload,
              acked: m.ackedAt !== undefined,
            })),
          ),
      },
    );
  }

  /** The queues the agent consumes, by object type (from its "Starting STOMP consumer" records). */
  queues(): { objectType: string; queue: string; offeringUuid: string }[] {
    return this.records('Starting STOMP consumer').map((l) => ({
      objectType: text(l.json?.objectType),
      queue: text(l.json?.queue),
      offeringUuid: text(l.json?.offeringUuid),
    }));
  }

  slurmCommands(): SlurmCommand[] {
    return this.records('Executing SLURM command').map((line) => {
      const argv = Array.isArray(line.json?.argv) ? (line.json.argv as unknown[]).map(String) : [];
      const [file, ...rest] = argv;
      return { at: time(line), argv: [file?.split('/').pop() ?? '', ...rest] };
    });
  }

  /** Log records at warn (40) or above, for diagnostics. */
  problems(): LogLine[] {
    return this.process.lines.filter((l) => typeof l.json?.level === 'number' && l.json.level >= 40);
  }

  /** Event mode: every started consumer is subscribed and each offering finished its start-up catch-up. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    if (this.mode !== 'event_process') {
      await this.process.waitForLine(
        (l) => l.json?.msg === 'Starting waldur-site-agent',
        timeoutMs,
        'start-up',
      );
      return;
    }
    await waitFor(
      `${this.label} to subscribe and finish its start-up catch-up`,
      () => {
        if (!this.process.running)
          throw new HarnessError('PROCESS_EXITED', `${this.label} exited:\n${this.process.tail()}`);
        const caughtUp = this.process.lines.filter((l) =>
          /^Start-up order catch-up (finished|failed)$/.test(text(l.json?.msg)),
        ).length;
        const started = this.records('Starting STOMP consumer').length;
        const connected = new Set(this.records('Connected and subscribed').map((l) => text(l.json?.queue)))
          .size;
        return caughtUp >= this.offeringCount && started > 0 && connected >= started;
      },
      { timeoutMs },
    );
  }

  stop(): Promise<unknown> {
    return this.process.stop({ timeoutMs: 20_000 });
  }
}

export async function writeAgentConfig(
  file: string,
  offerings: readonly Readonly<Record<string, unknown>>[],
  heartbeatFile: string,
  logLevel = 'DEBUG',
): Promise<void> {
  // The agent's crash journal lives next to its heartbeat: per agent, and kept across its restarts.
  const stateDir = heartbeatFile.replace(/\.heartbeat$/, '') + '.state';
  const config = {
    log_level: logLevel,
    heartbeat_file: heartbeatFile,
    state_dir: stateDir,
    shutdown_timeout_seconds: 10,
    offerings,
  };
  await writeFile(file, stringify(config));
}

export async function startAgent(options: StartAgentOptions): Promise<AgentHandle> {
  const configFile = join(options.workDir, `${options.label}.yaml`);
  await writeAgentConfig(
    configFile,
    options.offerings,
    join(options.workDir, `${options.label}.heartbeat`),
    options.logLevel,
  );
  const proc = ManagedProcess.spawn({
    label: options.label,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), options.cli, '-m', options.mode, '-c', configFile],
    env: childEnv({ ...options.slurm.env, ...options.env }),
    logFile: join(options.workDir, `${options.label}.log`),
    ...(options.echo === undefined ? {} : { echo: options.echo }),
  });
  const agent = new AgentHandle(options.label, options.mode, proc, configFile, options.offerings.length);
  if (options.waitReady !== false) {
    try {
      await agent.waitReady();
    } catch (error) {
      await agent.stop();
      throw error;
    }
  }
  return agent;
}
