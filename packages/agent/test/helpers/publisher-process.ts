// The publisher as Waldur runs for the agent: its own process, started through its CLI (`waldur-publisher`), never
// imported (agent and publisher meet only on the wire). `seed --format json` creates the demo world and prints the
// agent config (tokens come from its "seeded" log record); `serve` then runs the REST API and the outbox relay on
// the same embedded PostgreSQL data dir (one process at a time per data dir).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brokerFromEnv } from '@waldur-sim/testkit';
import { childEnv, spawnNode, type RunningChild } from './child-process.js';
import { eventually } from './broker-fixture.js';
import { freePort } from './free-port.js';

export interface SeededPublisher {
  /** REST base, e.g. http://127.0.0.1:PORT/api/ */
  readonly api: string;
  /** The agent config `seed` printed (the real agent's YAML keys), for the seeded offering. */
  readonly agentConfig: { offerings: Record<string, unknown>[] };
  readonly offeringUuid: string;
  readonly projectUuid: string;
  readonly planUuid: string;
  readonly tokens: { readonly consumer: string; readonly staff: string; readonly providerOwner: string };
  readonly process: RunningChild;
  stop(): Promise<void>;
}

/** The `waldur-publisher` bin of the devDependency, located through Node's resolution paths. */
export function publisherBin(): string {
  const require = createRequire(import.meta.url);
  // The package's `exports` map does not expose package.json, so walk the same node_modules paths resolve() uses.
  for (const base of require.resolve.paths('@waldur-sim/publisher') ?? []) {
    const manifest = join(base, '@waldur-sim', 'publisher', 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> };
    const bin = pkg.bin?.['waldur-publisher'];
    if (bin === undefined) throw new Error(`${manifest} has no waldur-publisher bin`);
    const script = join(dirname(manifest), bin);
    if (!existsSync(script))
      throw new Error(`${script} is missing: build it (pnpm --filter @waldur-sim/publisher build)`);
    return script;
  }
  throw new Error('@waldur-sim/publisher is not installed next to the agent');
}

function brokerFlags(): string[] {
  const broker = brokerFromEnv();
  return [
    '--rabbitmq-url',
    broker.amqpUrl,
    '--rabbitmq-management-url',
    broker.managementUrl,
    '--rabbitmq-web-stomp-url',
    broker.webStompUrl,
  ];
}

interface SeededRecord {
  msg?: string;
  project?: string;
}

interface SeededTokens {
  consumer?: string;
  staff?: string;
}

export async function startSeededPublisher(opts: {
  dataDir: string;
  slurmBinPath: string;
}): Promise<SeededPublisher> {
  const bin = publisherBin();
  const port = await freePort();
  const common = ['--port', String(port), '--data-dir', opts.dataDir, ...brokerFlags()];
  const env = childEnv();
  // Tokens never go to a log: seed writes them to a 0600 file when asked.
  const tokensFile = join(opts.dataDir, '..', `seed-tokens-${String(port)}.json`);

  const seed = spawnNode(
    'publisher-seed',
    bin,
    [
      'seed',
      '--format',
      'json',
      '--slurm-bin-path',
      opts.slurmBinPath,
      '--log-level',
      'info',
      '--tokens-file',
      tokensFile,
      ...common,
    ],
    env,
  );
  const seeded = await seed.exited;
  if (seeded.code !== 0)
    throw new Error(`waldur-publisher seed failed (${JSON.stringify(seeded)})\n${seed.tail()}`);
  const record = seed.records.find((r) => r.msg === 'seeded') as SeededRecord | undefined;
  const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as SeededTokens;
  const staffToken = tokens.staff;
  const consumerToken = tokens.consumer;
  if (consumerToken === undefined || staffToken === undefined || record?.project === undefined) {
    throw new Error(`waldur-publisher seed left no tokens or project\n${seed.tail()}`);
  }
  // stdout carries only the agent config (logs go to stderr).
  const jsonText = seed.stdout.join('\n');
  const agentConfig = JSON.parse(jsonText) as { offerings: Record<string, unknown>[] };
  const offering = agentConfig.offerings[0];
  if (offering === undefined) throw new Error('seed printed no offering');

  const serve = spawnNode('publisher', bin, ['serve', '--log-level', 'warn', ...common], env);
  const api = `http://127.0.0.1:${String(port)}/api/`;
  await eventually(
    async () => {
      if (serve.child.exitCode !== null) throw new Error(`waldur-publisher serve exited\n${serve.tail()}`);
      try {
        const res = await fetch(`${api}users/me/`, {
          headers: { Authorization: `Token ${staffToken}` },
        });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    120_000,
    'the publisher REST API',
  );
  const offeringUuid = String(offering.waldur_offering_uuid);
  const providerOwner = String(offering.waldur_api_token);
  const details = await fetch(`${api}marketplace-provider-offerings/${offeringUuid}/`, {
    headers: { Authorization: `Token ${providerOwner}` },
  });
  const planUuid = ((await details.json()) as { plans?: { uuid: string }[] }).plans?.[0]?.uuid;
  if (planUuid === undefined) throw new Error('the seeded offering has no plan');
  return {
    api,
    agentConfig,
    offeringUuid,
    projectUuid: record.project,
    planUuid,
    tokens: { consumer: consumerToken, staff: staffToken, providerOwner },
    process: serve,
    async stop() {
      const status = await serve.stop(30_000);
      if (status.code !== 0 && status.signal !== null)
        throw new Error(`publisher did not stop cleanly: ${JSON.stringify(status)}`);
    },
  };
}
