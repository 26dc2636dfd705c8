// The periodic resource resync (Waldur beat task sync_resources, docs/protocol.md#periodic-producers): up to 50
// site-agent resources in OK or Erred whose last sync is older than the stale age get a `resource` message again
// (force=False: skipped when the content did not change within the tracker's TTL); their last sync is stamped.
import { SITE_AGENT_OFFERING_TYPE } from '../events/event-recorder.js';
import { loadResourceUpdate } from '../events/resource-update-payload.js';
import { recordPeriodicMessage } from './periodic-message.js';
import type { PeriodicTaskDeps } from './pending-order-resend.js';

export const RESYNC_BATCH = 50;

/** Returns the number of outbox rows written. */
export async function resyncResources(deps: PeriodicTaskDeps, staleMs: number): Promise<number> {
  const now = deps.clock();
  const stale = new Date(now.getTime() - staleMs);
  const resources = await deps.prisma.resource.findMany({
    where: {
      state: { in: ['OK', 'Erred'] },
      offering: { type: SITE_AGENT_OFFERING_TYPE },
      OR: [{ lastSync: null }, { lastSync: { lt: stale } }],
    },
    select: { id: true },
    orderBy: [{ lastSync: { sort: 'asc', nulls: 'first' } }, { id: 'asc' }],
    take: RESYNC_BATCH,
  });
  let rows = 0;
  for (const { id } of resources) {
    rows += await deps.prisma.$transaction(async (tx) => {
      await tx.resource.update({ where: { id }, data: { lastSync: now } });
      const r = await loadResourceUpdate(tx, id);
      return recordPeriodicMessage(
        tx,
        {
          objectType: 'resource',
          objectId: id,
          offeringId: r.offeringId,
          projectId: r.projectId,
          content: r.content,
        },
        now,
        deps.log,
      );
    });
  }
  deps.log?.info({ resources: resources.length, messages: rows }, 'resource resync done');
  return rows;
}
