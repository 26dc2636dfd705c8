// Applying one action of the order state machine (docs/protocol.md#order-state-machine) atomically: the state
// update is conditional on the state read, so two racing requests cannot both win; the resource side effects
// (marketplace/callbacks.py) and the outbox event are written in the same transaction.
import type { OrderState, OrderType } from '@waldur-sim/protocol';
import type { EventRecorder } from '../events/event-recorder.js';
import { NotFoundError } from '../http/errors.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import {
  InvalidOrderTransitionError,
  canTransition,
  resourceStateAfterOrder,
  resourceStateWhileExecuting,
  stateAfterConsumerApproval,
  targetState,
  type OrderAction,
} from './order-state-machine.js';

export interface OrderTransitionDeps {
  readonly prisma: PrismaClient;
  readonly events: EventRecorder;
  readonly clock: () => Date;
}

/** Offering types whose orders always need provider review (site-agent offerings, utils.py). */
function providerReviewRequired(_offeringType: string): boolean {
  return true;
}

/** Applies `action` to the order; `extra` adds fields written with the state change (reviewer, error text…). */
export async function transitionOrder(
  deps: OrderTransitionDeps,
  orderId: string,
  action: OrderAction,
  extra: Prisma.OrderUncheckedUpdateManyInput = {},
): Promise<void> {
  const now = deps.clock();
  await deps.prisma.$transaction(async (tx) => {
    const current = await tx.order.findUnique({
      where: { id: orderId },
      include: { resource: true, project: true, offering: true },
    });
    if (current === null) throw new NotFoundError();
    const from = current.state as OrderState;
    if (!canTransition(action, from)) throw new InvalidOrderTransitionError(action, from);
    const to =
      action === 'approve_by_consumer'
        ? stateAfterConsumerApproval({
            projectStartDate: current.project.startDate,
            now,
            providerReviewRequired: providerReviewRequired(current.offering.type),
          })
        : targetState(action);
    const terminal = to === 'done' || to === 'erred' || to === 'canceled' || to === 'rejected';
    const updated = await tx.order.updateMany({
      where: { id: current.id, state: from },
      data: { state: to, modified: now, ...(terminal ? { completedAt: now } : {}), ...extra },
    });
    if (updated.count !== 1) throw new InvalidOrderTransitionError(action, from);
    await applyResourceEffects(tx, current, from, to, now);
    if (to !== from) await deps.events.orderStateChanged(tx, current.id);
  });
}

/** Resource side effects of an order entering `to` (marketplace/callbacks.py). */
async function applyResourceEffects(
  tx: Prisma.TransactionClient,
  order: {
    readonly type: string;
    readonly limits: Prisma.JsonValue;
    readonly resource: { readonly id: string; readonly backendId: string | null } | null;
  },
  from: OrderState,
  to: OrderState,
  now: Date,
): Promise<void> {
  const resource = order.resource;
  if (resource === null || from === to) return;
  const type = order.type as OrderType;
  let data: Prisma.ResourceUpdateInput | null = null;
  if (to === 'executing') {
    const state = resourceStateWhileExecuting(type);
    if (state !== null) data = { state };
  } else if ((to === 'done' || to === 'erred') && from === 'executing') {
    const state = resourceStateAfterOrder({
      orderType: type,
      outcome: to,
      resourceHasBackendId: (resource.backendId ?? '') !== '',
    });
    data = { state, ...(to === 'done' && type === 'Update' ? { limits: order.limits ?? {} } : {}) };
  } else if ((to === 'canceled' || to === 'rejected') && type === 'Create') {
    data = { state: 'Terminated' };
  }
  if (data !== null)
    await tx.resource.update({ where: { id: resource.id }, data: { ...data, modified: now } });
}
