// The agent as operators run it: `waldur-site-agent -m <mode> -c <config.yaml>` in its own process, supervised by
// the shared harness (pino JSON lines captured so tests can wait for "connected" without reaching into the
// process). The config is checked with the agent's own parser first, so a bad key fails here, not in the child.
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  packageBin,
  partPaths,
  spawnAgent,
  waitAgentReady,
  type AgentMode,
  type ManagedProcess,
} from '@waldur-sim/harness';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';

/** Folder of the slurm-mock executables (sacctmgr, sacct, …, slurm-mock). */
export const SLURM_MOCK_BIN = partPaths().slurmBinDir;

export async function writeAgentConfig(file: string, config: Record<string, unknown>): Promise<void> {
  parseConfig(config); // fail here, with the key named, rather than in the child
  await writeFile(file, stringify(config));
}

export function startAgentProcess(opts: {
  name?: string;
  mode: Extract<AgentMode, 'event_process' | 'order_process'>;
  configFile: string;
  env?: NodeJS.ProcessEnv;
}): ManagedProcess {
  const label = opts.name ?? `agent-${opts.mode}`;
  return spawnAgent({
    cli: packageBin('@waldur-sim/agent', 'waldur-site-agent'),
    label,
    mode: opts.mode,
    configFile: opts.configFile,
    workDir: dirname(opts.configFile),
    ...(opts.env === undefined ? {} : { env: opts.env }),
    ...(process.env.TEST_CHILD_OUTPUT === '1'
      ? { echo: (l: string, line: { text: string }) => process.stderr.write(`[${l}] ${line.text}\n`) }
      : {}),
  });
}

/** Resolves when every STOMP consumer of every offering is subscribed and the start-up catch-up has run. */
export async function waitForEventAgentReady(
  agent: ManagedProcess,
  config: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<void> {
  const { config: parsed } = parseConfig(config);
  await waitAgentReady(agent, parsed.offerings.length, timeoutMs);
}
