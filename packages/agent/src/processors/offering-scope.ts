// Messages are triggers and REST is the truth, but a subscription's own credentials can publish into its queues,
// and the agent's REST token often sees every offering of its service provider. So an order or resource named
// by a message is acted on only when REST says it belongs to the offering whose queue delivered the message.
import { toHex } from '@waldur-sim/protocol';
import type { OfferingContext } from './offering-context.js';

/** Whether `offeringUuid` (from a REST object) is the context's offering, dashes and case aside. */
export function isOwnOffering(ctx: OfferingContext, offeringUuid: string): boolean {
  try {
    return toHex(offeringUuid) === toHex(ctx.offering.waldur_offering_uuid);
  } catch {
    return false;
  }
}
