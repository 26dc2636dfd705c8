// One started agent read back from its structured log: the messages it processed, when it acknowledged each,
// the queues it consumes and every SLURM command it ran. `startAgent` writes the config, spawns and waits ready.
import { join } from 'node:path';
import { agentReady, spawnAgent, writeAgentConfig, type AgentMode } from './agent.js';
import { HarnessError } from './harness-error.js';
import type { LogLine, ManagedProcess } from './managed-process.js';
import { waitFor, type WaitOptions } from './wait-for.js';
import { waitForMessage } from './wait-for-message.js';

export interface StartAgentOptions {
  readonly label: string;
  readonly mode: AgentMode;
  /** `offerings[]` entries of the agent config. */
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  /** The cluster's environment (SLURM_MOCK_STATE, …). */
  readonly slurm: { readonly env: Readonly<Record<string, string>> };
  readonly workDir: string;
  readonly cli: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly echo?: (label: string, line: LogLine) => void;
  readonly nodeArgs?: readonly string[];
  /** Wait until every consumer is subscribed and the start-up catch-up finished (default true). */
  readonly waitReady?: boolean;
  /** The config's log_level (default DEBUG: the handle reads SLURM commands and acks from the log). */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARNING';
  /** More top-level config keys, e.g. `metrics_port`. */
  readonly settings?: Readonly<Record<string, unknown>>;
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

/** One queue an agent consumes. */
export interface AgentQueue {
  readonly path: 'legacy' | 'unified';
  /** The legacy queue's object type; empty on the unified path. */
  readonly objectType: string;
  /** The object types that arrive on the queue (one on the legacy path). */
  readonly objectTypes: readonly string[];
  readonly queue: string;
  /** The queue's vhost (its owner's uuid hex). */
  readonly vhost: string;
  readonly offeringUuid: string;
}

export interface SlurmCommand {
  readonly at: number;
  /** argv with the executable's folder stripped: `sacctmgr --parsable2 … add account …`. */
  readonly argv: readonly string[];
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

  /** Every message the agent started processing, in order. */
  messages(): AgentMessage[] {
    const acks = new Map<string, number>();
    for (const line of this.process.records('Message acknowledged'))
      acks.set(text(line.json?.messageKey), time(line));
    return this.process.records('Processing message').map((line) => {
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
    return waitForMessage(
      `${this.label} to process a ${objectType} message`,
      () => this.messages(),
      objectType,
      match,
      {
        ...options,
        accept: (m) => m.ackedAt !== undefined,
        show: (m) => ({ type: m.objectType, payload: m.payload, acked: m.ackedAt !== undefined }),
      },
    );
  }

  /**
   * The queues the agent consumes (from its "Starting STOMP consumer" records): one per object type on the legacy
   * path, one `consumer_<uuid>` for all of the offering's types on the unified path (docs/protocol.md#unified-path).
   */
  queues(): AgentQueue[] {
    const unifiedTypes = new Map<string, string[]>();
    for (const line of this.process.records('Unified consumer queue ready')) {
      const types = line.json?.objectTypes;
      unifiedTypes.set(text(line.json?.queue), Array.isArray(types) ? types.map(String) : []);
    }
    return this.process.records('Starting STOMP consumer').map((l) => {
      const queue = text(l.json?.queue);
      const objectType = text(l.json?.objectType);
      const unified = unifiedTypes.get(queue);
      return {
        path: unified === undefined ? 'legacy' : 'unified',
        objectType,
        objectTypes: unified ?? [objectType],
        queue,
        vhost: text(l.json?.vhost),
        offeringUuid: text(l.json?.offeringUuid),
      };
    });
  }

  slurmCommands(): SlurmCommand[] {
    return this.process.records('Executing SLURM command').map((line) => {
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
    await waitAgentReady(this.process, this.offeringCount, timeoutMs);
  }

  stop(): Promise<unknown> {
    return this.process.stop({ timeoutMs: 20_000 });
  }
}

/** Waits for agentReady() over the process's captured lines; fails fast when it exits. */
export async function waitAgentReady(
  proc: ManagedProcess,
  offeringCount: number,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    `${proc.label} to subscribe and finish its start-up catch-up`,
    () => {
      if (!proc.running) throw new HarnessError('PROCESS_EXITED', `${proc.label} exited:\n${proc.tail()}`);
      return agentReady(proc.lines, offeringCount);
    },
    { timeoutMs, lastSeen: () => proc.tail(15) },
  );
}

export async function startAgent(options: StartAgentOptions): Promise<AgentHandle> {
  const configFile = join(options.workDir, `${options.label}.yaml`);
  // The agent's crash journal lives next to its heartbeat: per agent, and kept across its restarts.
  await writeAgentConfig(configFile, {
    offerings: options.offerings,
    heartbeatFile: join(options.workDir, `${options.label}.heartbeat`),
    stateDir: join(options.workDir, `${options.label}.state`),
    logLevel: options.logLevel ?? 'DEBUG',
    ...(options.settings === undefined ? {} : { settings: options.settings }),
  });
  const proc = spawnAgent({
    cli: options.cli,
    label: options.label,
    mode: options.mode,
    configFile,
    workDir: options.workDir,
    env: { ...options.slurm.env, ...options.env },
    ...(options.echo === undefined ? {} : { echo: options.echo }),
    ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
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
