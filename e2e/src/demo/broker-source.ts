// Gets the demo a RabbitMQ with the management, stomp and web_stomp plugins by itself, in this order:
//   1. RABBITMQ_URL (and the other RABBITMQ_* variables) if given;
//   2. a broker already answering on the project's default ports (the private node or the Compose one);
//   3. Docker Compose (infra/docker-compose.yml) where a Docker engine runs;
//   4. the private local node where rabbitmq-server is installed;
//   5. as root on Debian/Ubuntu: install rabbitmq-server with apt-get (saying so first), then 4;
//   6. otherwise: exact instructions, and the demo stops.
// release() stops only what this process started.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  brokerFromEnv,
  LocalBroker,
  localBrokerOptionsFromEnv,
  probeBroker,
  startLocalBroker,
  TestkitError,
  waitForBroker,
  type BrokerEndpoints,
} from '@waldur-sim/testkit';
import { HarnessError } from '../harness/harness-error.js';
import { REPO_ROOT } from '../harness/paths.js';

export interface DemoBroker {
  readonly endpoints: BrokerEndpoints;
  /** How it was obtained, for the report. */
  readonly description: string;
  release(): Promise<void>;
}

export const COMPOSE_SCRIPT = join(REPO_ROOT, 'infra', 'scripts', 'compose.sh');
/** The Compose broker's admin password: generated once and kept (0600) next to the repository's other data. */

export const NO_BROKER_INSTRUCTIONS = `The demo needs RabbitMQ with the management, stomp and web_stomp plugins, and found none.
Pick one:
  * Debian/Ubuntu:  sudo apt-get install rabbitmq-server      (then run \`pnpm demo\` again; it starts a
                    private node of its own on ports 5682/15682/15684/61623 and stops it afterwards)
  * Docker:         infra/scripts/compose.sh broker      (a generated admin password, no guest)
                    eval "$(infra/scripts/compose.sh env)
  * Any broker:     export RABBITMQ_URL=amqp://USER:PASS@HOST:PORT  (admin credentials), and if its
                    management API / Web-STOMP are not on the standard offsets also
                    RABBITMQ_MANAGEMENT_URL=http://HOST:15672  RABBITMQ_WEB_STOMP_URL=ws://HOST:15674/ws
See infra/README.md.`;

/** Runs a command to its end; never rejects (code 127: could not start). */
export function run(
  file: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, [...args], { timeout: timeoutMs, encoding: 'utf8', env }, (error, stdout, stderr) => {
      const code =
        error === null
          ? 0
          : typeof (error as { code?: unknown }).code === 'number'
            ? Number((error as { code?: unknown }).code)
            : 127;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

function runVisible(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', () => {
      resolve(127);
    });
    child.on('exit', (code) => {
      resolve(code ?? 1);
    });
  });
}

async function dockerEngineRuns(): Promise<boolean> {
  return (await run('docker', ['info', '--format', '{{.ServerVersion}}'], 15_000)).code === 0;
}

async function composeBroker(say: (line: string) => void): Promise<DemoBroker> {
  // Through the wrapper: it generates and keeps the broker admin's password (no fixed secret) and picks
  // `docker compose` or `docker-compose`. Only the broker service is started; waitForBroker does the waiting.
  say('starting RabbitMQ with Docker Compose (infra/scripts/compose.sh broker)…');
  const up = await run('bash', [COMPOSE_SCRIPT, 'broker'], 300_000);
  if (up.code !== 0) throw new HarnessError('BROKER', `docker compose up failed:\n${up.output}`);
  const env = await run('bash', [COMPOSE_SCRIPT, 'env'], 60_000);
  const url = /^export RABBITMQ_URL='?([^'\n]+)'?$/m.exec(env.output)?.[1];
  if (env.code !== 0 || url === undefined) {
    throw new HarnessError('BROKER', `infra/scripts/compose.sh env gave no RABBITMQ_URL:\n${env.output}`);
  }
  const endpoints = brokerFromEnv({ RABBITMQ_URL: url });
  await waitForBroker(endpoints, { timeoutMs: 120_000 });
  return {
    endpoints,
    description: 'RabbitMQ in Docker Compose (started by the demo; stopped afterwards)',
    release: async () => {
      await run('bash', [COMPOSE_SCRIPT, 'rm', '--stop', '--force', 'rabbitmq'], 120_000);
    },
  };
}

async function localNode(env: NodeJS.ProcessEnv): Promise<DemoBroker> {
  const quiet = { ...env, WALDUR_SIM_LOG_LEVEL: env.WALDUR_SIM_LOG_LEVEL ?? 'warn' };
  const local = new LocalBroker(localBrokerOptionsFromEnv(quiet));
  const wasRunning = (await local.status()).state === 'running';
  const provided = await startLocalBroker(quiet);
  return {
    endpoints: provided,
    description: wasRunning
      ? `the private local RabbitMQ node (${local.config.nodeName}, already running; left running)`
      : `the private local RabbitMQ node (${local.config.nodeName}, started by the demo; stopped afterwards)`,
    release: () => provided.stop(),
  };
}

function isDebianRoot(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

export async function acquireDemoBroker(
  say: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DemoBroker> {
  // 1. Given.
  if (env.RABBITMQ_URL !== undefined && env.RABBITMQ_URL !== '') {
    const endpoints = brokerFromEnv(env);
    try {
      await waitForBroker(endpoints, { timeoutMs: 15_000 });
    } catch (error) {
      throw new HarnessError(
        'BROKER',
        `RABBITMQ_URL is set, but that broker does not answer: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { endpoints, description: 'RABBITMQ_URL', release: () => Promise.resolve() };
  }
  // 2. Already answering on the private node's ports (`pnpm broker:start`, or Compose, which uses the same).
  const local = new LocalBroker(localBrokerOptionsFromEnv(env));
  if ((await probeBroker(local.endpoints, 2000)).ready) {
    const where = local.endpoints.amqpUrl.replace(/\/\/.*@/, '//');
    return {
      endpoints: local.endpoints,
      description: `the broker already running at ${where} (left running)`,
      release: () => Promise.resolve(),
    };
  }
  // 3. Docker.
  if (await dockerEngineRuns()) return composeBroker(say);
  // 4. Installed rabbitmq-server.
  if (local.isInstalled()) return localNode(env);
  // 5. Install it.
  if (isDebianRoot()) {
    say(
      'rabbitmq-server is not installed and no Docker engine runs: installing rabbitmq-server with apt-get (Debian/Ubuntu, running as root)…',
    );
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    if (
      (await runVisible('apt-get', ['update', '-q'], aptEnv)) !== 0 ||
      (await runVisible('apt-get', ['install', '-y', '-q', 'rabbitmq-server'], aptEnv)) !== 0
    ) {
      throw new HarnessError(
        'BROKER',
        `apt-get could not install rabbitmq-server.\n\n${NO_BROKER_INSTRUCTIONS}`,
      );
    }
    try {
      return await localNode(env);
    } catch (error) {
      if (error instanceof TestkitError)
        throw new HarnessError('BROKER', `${error.message}\n\n${NO_BROKER_INSTRUCTIONS}`, { cause: error });
      throw error;
    }
  }
  // 6. Give up with instructions.
  throw new HarnessError('BROKER', NO_BROKER_INSTRUCTIONS);
}
