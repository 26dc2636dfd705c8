// The publisher as Waldur runs for the agent: its own process, started through its CLI by the shared harness
// (`seed --tokens-file`, then `serve` on the same embedded PostgreSQL data dir), never imported (agent and
// publisher meet only on the wire). Adds what the agent's tests read on top: the seeded offering's plan.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  embeddedPublisherDatabase,
  packageBin,
  startPublisher,
  type ManagedProcess,
} from '@waldur-sim/harness';
import { brokerFromEnv } from '@waldur-sim/testkit';

export interface SeededPublisher {
  /** REST base, e.g. http://127.0.0.1:PORT/api/ */
  readonly api: string;
  /** The agent config `seed` printed (the real agent's YAML keys), for the seeded offering. */
  readonly agentConfig: { offerings: Record<string, unknown>[] };
  readonly offeringUuid: string;
  readonly projectUuid: string;
  readonly planUuid: string;
  readonly tokens: { readonly consumer: string; readonly staff: string; readonly providerOwner: string };
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startSeededPublisher(opts: {
  dataDir: string;
  slurmBinPath: string;
}): Promise<SeededPublisher> {
  // Logs and the 0600 tokens file of this publisher; the data dir is the embedded PostgreSQL's own.
  const workDir = await mkdtemp(join(tmpdir(), 'agent-test-publisher-'));
  const handle = await startPublisher({
    broker: brokerFromEnv(),
    database: embeddedPublisherDatabase(opts.dataDir, true),
    worlds: [''],
    workDir,
    slurmBinDir: opts.slurmBinPath,
    cli: packageBin('@waldur-sim/publisher', 'waldur-publisher'),
    logLevel: 'info',
  });
  const world = handle.world('');
  const details = (await handle
    .client(world.ownerToken)
    .get(`/marketplace-provider-offerings/${world.offeringUuid}/`)) as { plans?: { uuid: string }[] };
  const planUuid = details.plans?.[0]?.uuid;
  if (planUuid === undefined) throw new Error('the seeded offering has no plan');
  return {
    api: `${handle.apiUrl}/`,
    agentConfig: { offerings: world.agentConfig.offerings.map((o) => ({ ...o })) },
    offeringUuid: world.offeringUuid,
    projectUuid: world.projectUuid,
    planUuid,
    tokens: { consumer: world.consumerToken, staff: world.staffToken, providerOwner: world.ownerToken },
    process: handle.process,
    async stop() {
      const status = await handle.process.stop(30_000);
      await rm(workDir, { recursive: true, force: true });
      if (status.code !== 0 && status.signal !== null)
        throw new Error(`publisher did not stop cleanly: ${JSON.stringify(status)}`);
    },
  };
}
