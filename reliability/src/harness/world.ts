// The Waldur world a suite runs in, written straight into the publisher's database before `serve` starts:
// the publisher's own seed (staff, provider + Marketplace.Slurm offering, consumer + project), plus `members`
// extra users with offering users (usernames) whose project roles the fault streams grant and revoke.
import { openDatabase, runSeed, type OpenedDatabase, type SeedResult } from '@waldur-sim/publisher';
import { randomBytes, randomUUID } from 'node:crypto';

export interface Member {
  readonly id: string;
  readonly username: string;
  /** The SLURM username of the member's offering user. */
  readonly offeringUsername: string;
}

export interface World {
  readonly seed: SeedResult;
  readonly offeringId: string;
  readonly projectId: string;
  /** A second project of the consumer: the role-change streams grant and revoke roles here. */
  readonly teamProjectId: string;
  /** Users whose project roles the streams toggle. */
  readonly members: readonly Member[];
  readonly staffToken: string;
  readonly ownerToken: string;
  readonly consumerToken: string;
  /** `offerings[0]` of the agent config the seed produced. */
  readonly agentOffering: Readonly<Record<string, unknown>>;
}

export interface SeedWorldOptions {
  readonly publicUrl: string;
  readonly webStompUrl: string;
  readonly slurmBinPath: string;
  readonly prefix?: string;
  readonly members?: number;
}

const hex = (): string => randomUUID().replaceAll('-', '');

export async function seedWorld(db: OpenedDatabase, options: SeedWorldOptions): Promise<World> {
  const prefix = options.prefix ?? '';
  const seed = await runSeed(db.prisma, {
    publicUrl: options.publicUrl,
    webStompUrl: options.webStompUrl,
    slurmBinPath: options.slurmBinPath,
    ...(prefix === '' ? {} : { prefix }),
  });
  const members: Member[] = [];
  const now = new Date();
  const teamProjectId = hex();
  await db.prisma.project.create({
    data: {
      id: teamProjectId,
      slug: `${prefix}team-project`,
      name: 'Team Project',
      customerId: seed.consumer.customerId,
      createdAt: now,
    },
  });
  await db.prisma.projectPermission.create({
    data: {
      id: hex(),
      userId: seed.consumer.user.id,
      projectId: teamProjectId,
      role: 'PROJECT.ADMIN',
      createdAt: now,
    },
  });
  for (let i = 0; i < (options.members ?? 0); i += 1) {
    const id = hex();
    const username = `${prefix}member-${i}`;
    const offeringUsername = `${prefix.replace(/[^a-z0-9]/g, '')}m${i}`;
    await db.prisma.user.create({
      data: {
        id,
        username,
        email: `${username}@example.com`,
        firstName: 'Member',
        lastName: String(i),
        token: randomBytes(20).toString('hex'),
        createdAt: now,
        modified: now,
      },
    });
    await db.prisma.offeringUser.create({
      data: {
        id: hex(),
        offeringId: seed.offering.id,
        userId: id,
        username: offeringUsername,
        state: 'OK',
        createdAt: now,
        modified: now,
      },
    });
    members.push({ id, username, offeringUsername });
  }
  const agentOffering = seed.agentConfig.offerings[0];
  if (agentOffering === undefined) throw new Error('seed produced no agent offering');
  return {
    seed,
    offeringId: seed.offering.id,
    projectId: seed.consumer.projectId,
    teamProjectId,
    staffToken: seed.staff.token,
    ownerToken: seed.provider.owner.token,
    consumerToken: seed.consumer.user.token,
    members,
    agentOffering: { ...agentOffering },
  };
}

/** Opens (and migrates) the suite's database with a small pool: the harness only reads and seeds. */
export function openWorldDatabase(url: string): Promise<OpenedDatabase> {
  return openDatabase({ databaseUrl: url, poolMax: 3 });
}
