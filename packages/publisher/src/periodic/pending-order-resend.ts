// send_messages_about_pending_orders (docs/protocol.md#periodic-producers): orders waiting for the provider
// (pending-provider) longer than the minimum age are announced again, {order_uuid, order_state, sequence_number},
// unless the same content already went out within the tracker's TTL. An agent that missed the original message
// (down, queue TTL expired) gets the order without a restart.
import type { Logger } from 'pino';
import { SITE_AGENT_OFFERING_TYPE } from '../events/event-recorder.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { recordPeriodicMessage } from './periodic-message.js';

export interface PeriodicTaskDeps {
  readonly prisma: PrismaClient;
  readonly clock: () => Date;
  readonly log?: Logger;
}

/** Returns the number of outbox rows written. */
export async function resendPendingOrders(deps: PeriodicTaskDeps, minAgeMs: number): Promise<number> {
  const now = deps.clock();
  const orders = await deps.prisma.order.findMany({
    where: {
      state: 'pending-provider',
      createdAt: { lte: new Date(now.getTime() - minAgeMs) },
      offering: { type: SITE_AGENT_OFFERING_TYPE },
    },
    select: { id: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  let rows = 0;
  for (const { id } of orders) {
    rows += await deps.prisma.$transaction(async (tx) => {
      const order = await tx.order.findUnique({
        where: { id },
        select: { id: true, state: true, offeringId: true, projectId: true },
      });
      if (order?.state !== 'pending-provider') return 0;
      return recordPeriodicMessage(
        tx,
        {
          objectType: 'order',
          objectId: order.id,
          offeringId: order.offeringId,
          projectId: order.projectId,
          content: { order_uuid: order.id, order_state: order.state },
        },
        now,
        deps.log,
      );
    });
  }
  deps.log?.info({ orders: orders.length, messages: rows }, 'pending-order resend done');
  return rows;
}
