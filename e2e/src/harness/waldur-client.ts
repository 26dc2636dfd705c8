// The publisher's REST API as a Waldur user calls it: the shared harness's client (kept at this path and name
// for the suite's imports).
export {
  WaldurApiError,
  WaldurRestClient as WaldurClient,
  type CreateOrderInput,
  type EventSubscriptionCreated,
  type SubscriptionQueueCreated,
} from '@waldur-sim/harness';
