// The agent as operators run it: `node dist/cli.js -m <mode> -c <config.yaml>` in its own process, logs (pino JSON
// on stdout) captured so tests can wait for "connected" without reaching into the process.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import { observableObjectTypes } from '../../src/config/offering-features.js';
import { childEnv, spawnNode, type RunningChild } from './child-process.js';

export const AGENT_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const SLURM_MOCK_BIN = fileURLToPath(
  new URL('../../node_modules/@waldur-sim/slurm-mock/bin', import.meta.url),
);

export async function writeAgentConfig(file: string, config: Record<string, unknown>): Promise<void> {
  parseConfig(config); // fail here, with the key named, rather than in the child
  await writeFile(file, stringify(config));
}

export function startAgentProcess(opts: {
  name?: string;
  mode: 'event_process' | 'order_process';
  configFile: string;
  env?: NodeJS.ProcessEnv;
}): RunningChild {
  if (!existsSync(AGENT_CLI))
    throw new Error(`${AGENT_CLI} is missing: run pnpm build in packages/agent first`);
  return spawnNode(
    opts.name ?? `agent-${opts.mode}`,
    AGENT_CLI,
    ['-m', opts.mode, '-c', opts.configFile],
    childEnv(opts.env),
  );
}

/** Resolves when every STOMP consumer of every offering is subscribed and the start-up catch-up has run. */
export async function waitForEventAgentReady(
  agent: RunningChild,
  config: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<void> {
  const { config: parsed } = parseConfig(config);
  const expected = new Set(
    parsed.offerings.filter((o) => o.stomp_enabled).flatMap((o) => observableObjectTypes(o)),
  );
  const subscribed = new Set<string>();
  await agent.waitForRecord(
    (r) => {
      if (r.msg === 'Connected and subscribed' && typeof r.objectType === 'string')
        subscribed.add(r.objectType);
      return [...expected].every((t) => subscribed.has(t));
    },
    timeoutMs,
    `STOMP subscriptions for ${[...expected].join(', ')}`,
  );
  await agent.waitForRecord(
    (r) => r.msg === 'Start-up order catch-up finished',
    timeoutMs,
    'the start-up catch-up',
  );
}
