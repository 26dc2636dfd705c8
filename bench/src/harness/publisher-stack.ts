// The publisher under test: its database seeded in-process with the publisher's own `runSeed` (one "world" per
// prefix: staff, provider owner with an Active Marketplace.Slurm offering, consumer project), then the real
// `waldur-publisher serve` executable as a child process on a free port, logging to a file at its default level
// (info: fastify logs every request, which the latency scenarios read back for REST timings).
import { openDatabase, runSeed, type AgentConfig } from '@waldur-sim/publisher';
import {
  freePort,
  PublisherHandle,
  publisherDatabaseAt,
  spawnServe,
  type ManagedProcess,
} from '@waldur-sim/harness';
import type { BrokerEndpoints } from '@waldur-sim/testkit';
import { BenchError } from '../bench-error.js';
import { WaldurRest } from './waldur-rest.js';

export interface World {
  readonly prefix: string;
  readonly offeringUuid: string;
  readonly projectUuid: string;
  readonly staffToken: string;
  readonly staffUuid: string;
  readonly ownerToken: string;
  readonly ownerUuid: string;
  readonly consumerToken: string;
  /** `offerings[0]` of the agent config the seed produced. */
  readonly agentOffering: AgentConfig['offerings'][number];
}

export interface PublisherStackOptions {
  readonly broker: BrokerEndpoints;
  readonly databaseUrl: string;
  readonly publisherCli: string;
  readonly workDir: string;
  readonly prefixes: readonly string[];
}

export class PublisherStack extends PublisherHandle<World> {
  private constructor(
    url: string,
    process: ManagedProcess,
    worlds: ReadonlyMap<string, World>,
    readonly databaseUrl: string,
  ) {
    super(url, process, worlds, publisherDatabaseAt(databaseUrl));
  }

  rest(token: string): WaldurRest {
    return new WaldurRest(this.apiUrl, token);
  }

  static async start(options: PublisherStackOptions): Promise<PublisherStack> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const worlds = new Map<string, World>();
    const db = await openDatabase({ databaseUrl: options.databaseUrl });
    try {
      for (const prefix of options.prefixes) {
        const seeded = await runSeed(db.prisma, {
          publicUrl: url,
          webStompUrl: options.broker.webStompUrl,
          prefix,
        });
        const offering = seeded.agentConfig.offerings[0];
        if (offering === undefined)
          throw new BenchError('LAYOUT', `seed "${prefix}" produced no agent offering`);
        worlds.set(prefix, {
          prefix,
          offeringUuid: seeded.offering.id,
          projectUuid: seeded.consumer.projectId,
          staffToken: seeded.staff.token,
          staffUuid: seeded.staff.id,
          ownerToken: seeded.provider.owner.token,
          ownerUuid: seeded.provider.owner.id,
          consumerToken: seeded.consumer.user.token,
          agentOffering: offering,
        });
      }
    } finally {
      await db.close();
    }
    const proc = await spawnServe(
      {
        broker: options.broker,
        database: publisherDatabaseAt(options.databaseUrl),
        workDir: options.workDir,
        cli: options.publisherCli,
        capture: 'file',
      },
      port,
    );
    return new PublisherStack(url, proc, worlds, options.databaseUrl);
  }
}
