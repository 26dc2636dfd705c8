// Small helpers shared by the scenario files: waiting for order states through REST and reading the order
// states the event tap saw, in arrival order.
import type { Order, OrderState, ProviderResource } from '@waldur-sim/protocol';
import type { EventTap } from '../../src/harness/event-tap.js';
import type { Stack } from '../../src/harness/stack.js';
import type { WaldurClient } from '../../src/harness/waldur-client.js';
import { waitFor, type WaitOptions } from '../../src/harness/wait-for.js';

const TERMINAL: readonly OrderState[] = ['done', 'erred', 'canceled', 'rejected'];

/** Waits until the order is `state`; fails early if it ends in another terminal state. */
export async function waitForOrder(
  client: WaldurClient,
  orderUuid: string,
  state: OrderState,
  options: WaitOptions = {},
): Promise<Order> {
  let last: Order | undefined;
  return waitFor(
    `order ${orderUuid} to be ${state}`,
    async () => {
      last = await client.order(orderUuid);
      if (last.state === state) return last;
      if (TERMINAL.includes(last.state))
        throw new Error(`order ended ${last.state}: ${last.error_message ?? ''}`);
      return undefined;
    },
    {
      ...options,
      lastSeen: () =>
        Promise.resolve(last === undefined ? undefined : { state: last.state, error: last.error_message }),
    },
  );
}

/** Order states the tap saw for one order, in arrival order, once the `until` state has arrived. */
export async function orderStates(
  tap: EventTap,
  orderUuid: string,
  until: OrderState = 'done',
): Promise<string[]> {
  await tap.waitFor('order', { order_uuid: orderUuid, order_state: until });
  return tap.of('order', { order_uuid: orderUuid }).map((m) => String(m.payload.order_state));
}

/** Orders an allocation as the world's consumer and waits until it is done; returns the provider's view. */
export async function createAllocation(
  stack: Stack,
  world: string,
  name: string,
  limits: Record<string, number>,
): Promise<ProviderResource> {
  const w = stack.world(world);
  const consumer = stack.consumer(world);
  const order = await consumer.submitOrder({
    offeringUuid: w.offeringUuid,
    projectUuid: w.projectUuid,
    limits,
    name,
  });
  await waitForOrder(consumer, order.uuid, 'done');
  return stack.owner(world).resource(order.marketplace_resource_uuid);
}
