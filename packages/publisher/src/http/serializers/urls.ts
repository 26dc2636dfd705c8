// Absolute URLs for hyperlinked fields (DRF renders them absolute; py-client keeps them as strings and the agent
// extracts UUIDs from some). Only paths this app serves are produced.
import { createHash } from 'node:crypto';

export interface Urls {
  readonly base: string;
  user(id: string): string;
  customer(id: string): string;
  project(id: string): string;
  offering(id: string): string;
  plan(id: string): string;
  resource(id: string): string;
  order(id: string): string;
  offeringUser(id: string): string;
  serviceProvider(id: string): string;
  category(id: string): string;
  eventSubscription(id: string): string;
  eventSubscriptionQueue(id: string): string;
  agentIdentity(id: string): string;
  agentService(id: string): string;
  agentProcessor(id: string): string;
  componentUsage(id: string): string;
}

export function makeUrls(publicBaseUrl: string): Urls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const at = (collection: string) => (id: string) => `${base}/api/${collection}/${id}/`;
  return {
    base,
    user: at('users'),
    customer: at('customers'),
    project: at('projects'),
    offering: at('marketplace-provider-offerings'),
    plan: at('marketplace-plans'),
    resource: at('marketplace-provider-resources'),
    order: at('marketplace-orders'),
    offeringUser: at('marketplace-offering-users'),
    serviceProvider: at('marketplace-service-providers'),
    category: at('marketplace-categories'),
    eventSubscription: at('event-subscriptions'),
    eventSubscriptionQueue: at('event-subscription-queues'),
    agentIdentity: at('marketplace-site-agent-identities'),
    agentService: at('marketplace-site-agent-services'),
    agentProcessor: at('marketplace-site-agent-processors'),
    componentUsage: at('marketplace-component-usages'),
  };
}

/** The emulator has no categories; every offering sits in one fixed "HPC" category with a stable UUID. */
export const CATEGORY = Object.freeze({
  uuid: createHash('sha256').update('waldur-sim:category:hpc').digest('hex').slice(0, 32),
  title: 'HPC',
});

/** UUID as the last path segment of a hyperlinked value (`…/api/x/<uuid>/`) or the bare UUID itself. */
export function uuidFromReference(value: string): string {
  const trimmed = value.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
