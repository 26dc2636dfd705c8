// Offering users appear the way Waldur makes them: when a project member meets a site-agent offering
// (a role granted in a project with live resources of it, or a resource created in the member's project).
// The username follows the offering's `username_generation_policy` plugin option (src/domain/username-generation.ts):
// a policy that yields one at once makes the user OK; `service_provider` (Waldur's default) and the policies
// the emulator cannot evaluate leave it blank in state Requested, for the service provider to set later
// (PATCH username -> username_set event).
import type { Prisma } from '../generated/prisma/client.js';
import type { EventRecorder } from '../events/event-recorder.js';
import { generateUsername } from './username-generation.js';

type Tx = Prisma.TransactionClient;

export interface OfferingUserDeps {
  readonly events: EventRecorder;
  readonly newId: () => string;
  readonly clock: () => Date;
}

const SITE_AGENT_OFFERING = 'Marketplace.Slurm';
const LIVE_RESOURCE_STATES = ['Creating', 'OK', 'Erred', 'Updating', 'Terminating'];

/** Creates the missing offering users of (offerings × users) and records their events; returns how many. */
export async function ensureOfferingUsers(
  tx: Tx,
  deps: OfferingUserDeps,
  scope: { readonly projectId: string; readonly userId?: string; readonly offeringId?: string },
): Promise<number> {
  const offerings = await tx.offering.findMany({
    where: {
      type: SITE_AGENT_OFFERING,
      ...(scope.offeringId === undefined ? {} : { id: scope.offeringId }),
      resources: { some: { projectId: scope.projectId, state: { in: LIVE_RESOURCE_STATES } } },
    },
    select: { id: true, pluginOptions: true },
    orderBy: { id: 'asc' },
  });
  if (offerings.length === 0) return 0;
  const members = await tx.projectPermission.findMany({
    where: {
      projectId: scope.projectId,
      isActive: true,
      ...(scope.userId === undefined ? {} : { userId: scope.userId }),
    },
    select: { user: { select: { id: true, username: true, firstName: true, lastName: true } } },
    distinct: ['userId'],
    orderBy: { userId: 'asc' },
  });
  let created = 0;
  for (const offering of offerings) {
    for (const { user } of members) {
      const existing = await tx.offeringUser.findUnique({
        where: { offeringId_userId: { offeringId: offering.id, userId: user.id } },
        select: { id: true },
      });
      if (existing !== null) continue;
      const username = await generateUsername(tx, offering, user);
      const id = deps.newId();
      const now = deps.clock();
      await tx.offeringUser.create({
        data: {
          id,
          offeringId: offering.id,
          userId: user.id,
          username: username === '' ? null : username,
          state: username === '' ? 'Requested' : 'OK',
          createdAt: now,
          modified: now,
        },
      });
      await deps.events.offeringUserCreated(tx, id);
      if (username !== '') await deps.events.offeringUserUsernameSet(tx, id);
      created += 1;
    }
  }
  return created;
}
