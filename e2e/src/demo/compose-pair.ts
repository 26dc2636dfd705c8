// `pnpm demo --compose`: the pair in Docker Compose (infra/docker-compose.yml: broker, PostgreSQL, publisher,
// agent on slurm-mock) instead of processes the demo starts. The stack comes up through infra/scripts/compose.sh
// (a running one, brought up by `compose.sh up`, is used as it is and left running); its URLs and the seeded
// world's tokens come from `compose.sh env`; slurm-mock's tools run inside the agent's container (`docker
// exec`), where its state file is.
import { brokerFromEnv, type BrokerEndpoints } from '@waldur-sim/testkit';
import { HarnessError } from '../harness/harness-error.js';
import { SlurmMock, type SlurmTool } from '../harness/slurm-mock.js';
import { WaldurClient } from '../harness/waldur-client.js';
import { COMPOSE_SCRIPT, run } from './broker-source.js';
import type { DemoContext } from './demo-scenario.js';

/** Where the agent image keeps slurm-mock (infra/docker/Dockerfile, target `agent`). */
const AGENT_SLURM_STATE = '/state/slurm.json';
const AGENT_SLURM_BIN = '/app/slurm-mock/bin';
const UP_TIMEOUT_MS = 900_000;

/** slurm-mock in the agent's container: the same tools on the same state the agent uses. */
export class ContainerSlurmMock extends SlurmMock {
  constructor(readonly container: string) {
    super(AGENT_SLURM_STATE, AGENT_SLURM_BIN);
  }

  protected override commandLine(tool: SlurmTool, args: readonly string[]): [string, string[]] {
    return ['docker', ['exec', this.container, `${this.binDir}/${tool}`, ...args]];
  }
}

export interface ComposePair {
  readonly description: string;
  readonly publisherUrl: string;
  readonly broker: BrokerEndpoints;
  readonly ctx: DemoContext;
  /** The seeded staff user, who owns the demo's event tap. */
  readonly staff: WaldurClient;
  release(): Promise<void>;
}

async function compose(args: readonly string[], timeoutMs = 120_000): Promise<string> {
  const result = await run('bash', [COMPOSE_SCRIPT, ...args], timeoutMs);
  if (result.code !== 0) {
    throw new HarnessError(
      'START_FAILED',
      `infra/scripts/compose.sh ${args.join(' ')} failed:\n${result.output}`,
    );
  }
  return result.output;
}

/** `export A=1 B=2` lines (what `compose.sh env` prints) as a map. */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('export ')) continue;
    for (const pair of line.slice('export '.length).trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^'(.*)'$/, '$1');
    }
  }
  return env;
}

/** The container id `compose.sh ps -q <service>` printed (compose may add warnings on stderr). */
async function containerId(service: string): Promise<string | undefined> {
  return /^[0-9a-f]{12,64}$/m.exec(await compose(['ps', '-q', service]))?.[0];
}

function required(env: Readonly<Record<string, string>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new HarnessError(
      'START_FAILED',
      `infra/scripts/compose.sh env printed no ${name} (did the seed run?)`,
    );
  }
  return value;
}

export async function startComposePair(say: (line: string) => void): Promise<ComposePair> {
  const wasRunning = (await containerId('publisher')) !== undefined;
  // A running stack is used as it is: `up` again would re-run the one-shot seed and wait for every service.
  if (!wasRunning) {
    say('starting the pair with Docker Compose (infra/scripts/compose.sh up; the first time builds images)…');
    await compose(['up'], UP_TIMEOUT_MS);
  }
  const env = parseExports(await compose(['env']));
  const publisherUrl = required(env, 'PUBLISHER_URL');
  const agentContainer = await containerId('agent');
  if (agentContainer === undefined)
    throw new HarnessError('START_FAILED', 'the Compose stack has no agent container');
  const client = (token: string): WaldurClient => new WaldurClient(`${publisherUrl}/api`, token);
  return {
    description: wasRunning
      ? 'Docker Compose (infra/docker-compose.yml, already running; left running)'
      : 'Docker Compose (infra/docker-compose.yml, started by the demo; removed afterwards)',
    publisherUrl,
    broker: brokerFromEnv(env),
    staff: client(required(env, 'WALDUR_SIM_STAFF_TOKEN')),
    ctx: {
      world: {
        offeringUuid: required(env, 'WALDUR_SIM_OFFERING_UUID'),
        projectUuid: required(env, 'WALDUR_SIM_PROJECT_UUID'),
      },
      slurm: new ContainerSlurmMock(agentContainer),
      consumer: client(required(env, 'WALDUR_SIM_CONSUMER_TOKEN')),
      owner: client(required(env, 'WALDUR_SIM_OWNER_TOKEN')),
      resources: new Map(),
    },
    release: async () => {
      if (!wasRunning) await compose(['down'], 300_000);
    },
  };
}
