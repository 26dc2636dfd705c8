// What every message handler gets: the offering context and its two processors.
import type { MembershipProcessor } from '../processors/membership-processor.js';
import type { OfferingContext } from '../processors/offering-context.js';
import type { OrderProcessor } from '../processors/order-processor.js';

export interface HandlerDeps {
  readonly ctx: OfferingContext;
  readonly orders: OrderProcessor;
  readonly membership: MembershipProcessor;
}
