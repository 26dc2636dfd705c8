// Runs the real `waldur-site-agent` executable: writes its YAML config (seeded offering entries plus per-test
// overrides), spawns it against slurm-mock, and tells from its structured log when it is ready (every consumer
// subscribed and each offering's start-up order catch-up finished).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { childEnv, ManagedProcess, type LogLine } from './managed-process.js';

export type AgentMode = 'event_process' | 'order_process' | 'membership_sync' | 'report';

/** Merges `overrides` into a seeded offering entry; backend_settings are merged key by key. */
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

export interface AgentConfigOptions {
  readonly offerings: readonly Readonly<Record<string, unknown>>[];
  readonly heartbeatFile: string;
  /** Default INFO; DEBUG logs every SLURM argv. */
  readonly logLevel?: string;
  /** The agent's crash journal folder (kept across restarts). */
  readonly stateDir?: string;
  readonly shutdownTimeoutSeconds?: number;
  /** More top-level keys, e.g. `metrics_port` (docs/metrics.md#agent). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** The agent's YAML config as the real agent reads it. */
export function agentConfigYaml(options: AgentConfigOptions): string {
  return stringify({
    log_level: options.logLevel ?? 'INFO',
    heartbeat_file: options.heartbeatFile,
    ...(options.stateDir === undefined ? {} : { state_dir: options.stateDir }),
    shutdown_timeout_seconds: options.shutdownTimeoutSeconds ?? 10,
    ...options.settings,
    offerings: options.offerings,
  });
}

export async function writeAgentConfig(file: string, options: AgentConfigOptions): Promise<void> {
  await writeFile(file, agentConfigYaml(options));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Event mode readiness over the agent's log records (of one start): every started consumer subscribed and
 * `offeringCount` start-up catch-ups finished (or failed).
 */
export function agentReady(
  records: readonly { readonly json: Readonly<Record<string, unknown>> | undefined }[],
  offeringCount: number,
): boolean {
  let caughtUp = 0;
  let started = 0;
  const subscribed = new Set<string>();
  for (const r of records) {
    const msg = text(r.json?.msg);
    if (/^Start-up order catch-up (finished|failed)$/.test(msg)) caughtUp += 1;
    else if (msg === 'Starting STOMP consumer') started += 1;
    else if (msg === 'Connected and subscribed') subscribed.add(text(r.json?.queue));
  }
  return caughtUp >= offeringCount && started > 0 && subscribed.size >= started;
}

export interface SpawnAgentOptions {
  readonly cli: string;
  readonly label: string;
  readonly mode: AgentMode;
  readonly configFile: string;
  readonly workDir: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly echo?: (label: string, line: LogLine) => void;
  readonly nodeArgs?: readonly string[];
  readonly capture?: 'lines' | 'file';
}

/** `node <agent cli> -m <mode> -c <config>`, logging to `<workDir>/<label>.log`. */
export function spawnAgent(options: SpawnAgentOptions): ManagedProcess {
  return ManagedProcess.spawn({
    label: options.label,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), options.cli, '-m', options.mode, '-c', options.configFile],
    env: childEnv(options.env),
    logFile: join(options.workDir, `${options.label}.log`),
    ...(options.capture === undefined ? {} : { capture: options.capture }),
    ...(options.echo === undefined ? {} : { echo: options.echo }),
  });
}
