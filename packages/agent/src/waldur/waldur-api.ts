// Typed Waldur endpoints the agent calls (docs/agent.md#rest-client table, docs/protocol.md#rest-api–docs/protocol.md#callbacks), each response
// validated with the protocol's REST schemas so a contract drift fails loudly at the edge, not deep in a processor.
import {
  consumerRegistrationSchema,
  type ConsumerRegistration,
  agentIdentitySchema,
  agentProcessorSchema,
  agentServiceSchema,
  eventSubscriptionQueueSchema,
  eventSubscriptionSchema,
  offeringUserSchema,
  orderSchema,
  providerOfferingSchema,
  providerResourceSchema,
  toHex,
  userSchema,
  type AgentIdentity,
  type AgentIdentityRequest,
  type AgentProcessor,
  type AgentService,
  type EventSubscription,
  type EventSubscriptionQueue,
  type ObservableObjectType,
  type OfferingUser,
  type Order,
  type OrderState,
  type ProviderResource,
  type User,
} from '@waldur-sim/protocol';
import { z } from 'zod';
import type { Query, WaldurHttpClient } from './http-client.js';

/** Team member of a resource (`…/team/`, py-client ProjectUser); only what the agent reads is typed. */
export const teamMemberSchema = z.looseObject({
  uuid: z.string().optional(),
  username: z.string().optional(),
  full_name: z.string().optional(),
  role: z.string().nullable().optional(),
  offering_user_username: z.string().nullable().optional(),
  offering_user_state: z.string().nullable().optional(),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

/** Service/course account rows (`list_project_service_accounts`, `list_course_accounts`). */
export const accountRowSchema = z.looseObject({
  uuid: z.string().optional(),
  username: z.string().nullable().optional(),
  project_uuid: z.string().optional(),
  state: z.string().optional(),
});
export type AccountRow = z.infer<typeof accountRowSchema>;

const orderStateOnlySchema = orderSchema.pick({ uuid: true, state: true });
const resourcePartialSchema = providerResourceSchema.partial();
const offeringPartialSchema = providerOfferingSchema.partial();
export type PartialResource = z.infer<typeof resourcePartialSchema>;
export type PartialOffering = z.infer<typeof offeringPartialSchema>;

/** A component usage as the report mode reads it back (`field=uuid,type,usage`). */
export const componentUsageRowSchema = z.looseObject({
  uuid: z.string(),
  type: z.string(),
  usage: z.union([z.number(), z.string()]).optional(),
});
export type ComponentUsageRow = z.infer<typeof componentUsageRowSchema>;

/** An offering user as `field=uuid&field=username` returns it. */
const offeringUsernameRowSchema = z.looseObject({
  uuid: z.string(),
  username: z.string().nullable().optional(),
});

export interface UsageAmount {
  type: string;
  /** Decimal string with 2 places, as the real agent sends it. */
  amount: string;
}

export interface UserUsageAmount {
  username: string;
  usage: string;
  date?: string;
}

export interface ErrorDetails {
  error_message: string;
  error_traceback: string;
}

export class WaldurApi {
  constructor(readonly http: WaldurHttpClient) {}

  // --- identity, services, subscriptions (startup, docs/protocol.md#agent-start-up) ---
  listIdentities(name: string): Promise<AgentIdentity[]> {
    return this.http.list('marketplace-site-agent-identities/', agentIdentitySchema, { name });
  }
  createIdentity(body: AgentIdentityRequest): Promise<AgentIdentity> {
    return this.http.post('marketplace-site-agent-identities/', body, { schema: agentIdentitySchema });
  }
  updateIdentity(uuid: string, body: AgentIdentityRequest): Promise<AgentIdentity> {
    return this.http.put(`marketplace-site-agent-identities/${toHex(uuid)}/`, body, {
      schema: agentIdentitySchema,
    });
  }
  registerService(identityUuid: string, name: string, mode: string): Promise<AgentService> {
    return this.http.post(
      `marketplace-site-agent-identities/${toHex(identityUuid)}/register_service/`,
      { name, mode },
      { schema: agentServiceSchema },
    );
  }
  registerProcessor(
    serviceUuid: string,
    body: { name: string; backend_type: string; backend_version: string },
  ): Promise<AgentProcessor> {
    return this.http.post(`marketplace-site-agent-services/${toHex(serviceUuid)}/register_processor/`, body, {
      schema: agentProcessorSchema,
    });
  }
  registerEventSubscription(
    identityUuid: string,
    objectType: ObservableObjectType,
    description: string,
  ): Promise<EventSubscription> {
    return this.http.post(
      `marketplace-site-agent-identities/${toHex(identityUuid)}/register_event_subscription/`,
      { observable_object_type: objectType, description },
      { schema: eventSubscriptionSchema },
    );
  }
  createQueue(
    subscriptionUuid: string,
    offeringUuid: string,
    objectType: ObservableObjectType,
  ): Promise<EventSubscriptionQueue> {
    return this.http.post(
      `event-subscriptions/${toHex(subscriptionUuid)}/create_queue/`,
      { offering_uuid: offeringUuid, object_type: objectType },
      { schema: eventSubscriptionQueueSchema },
    );
  }
  /** Unified path: get or create the identity's `consumer_<uuid>` queue (docs/protocol.md#unified-path). */
  registerQueue(
    identityUuid: string,
    objectTypes: readonly ObservableObjectType[],
  ): Promise<ConsumerRegistration> {
    return this.http.post(
      `marketplace-site-agent-identities/${toHex(identityUuid)}/register_queue/`,
      { object_types: objectTypes },
      { schema: consumerRegistrationSchema },
    );
  }
  currentUser(): Promise<User> {
    return this.http.get('users/me/', { schema: userSchema });
  }
  /** Readiness probe: `GET /api/users/me/?field=uuid`. */
  async ping(): Promise<void> {
    await this.http.get('users/me/', { query: { field: 'uuid' } });
  }

  // --- offering ---
  getOffering(uuid: string): Promise<PartialOffering> {
    return this.http.get(`marketplace-provider-offerings/${toHex(uuid)}/`, {
      query: { field: ['components', 'customer_uuid', 'partitions', 'plugin_options'] },
      schema: offeringPartialSchema,
    });
  }
  /** Every service account of the offering's projects (the real agent lists them whole and filters itself). */
  listProjectServiceAccounts(offeringUuid: string): Promise<AccountRow[]> {
    return this.http.list(
      `marketplace-provider-offerings/${toHex(offeringUuid)}/list_project_service_accounts/`,
      accountRowSchema,
    );
  }
  /** Every course account of the offering's projects. */
  listCourseAccounts(offeringUuid: string): Promise<AccountRow[]> {
    return this.http.list(
      `marketplace-provider-offerings/${toHex(offeringUuid)}/list_course_accounts/`,
      accountRowSchema,
    );
  }

  // --- orders (docs/protocol.md#callbacks) ---
  listOrders(query: {
    offering_uuid: string;
    state: readonly OrderState[];
    modified_before?: string;
  }): Promise<Order[]> {
    return this.http.list('marketplace-orders/', orderSchema, query);
  }
  getOrder(uuid: string): Promise<Order> {
    return this.http.get(`marketplace-orders/${toHex(uuid)}/`, { schema: orderSchema });
  }
  async getOrderState(uuid: string): Promise<OrderState> {
    const o = await this.http.get(`marketplace-orders/${toHex(uuid)}/`, {
      query: { field: ['uuid', 'state'] },
      schema: orderStateOnlySchema,
    });
    return o.state;
  }
  async approveOrder(uuid: string): Promise<void> {
    await this.http.post(`marketplace-orders/${toHex(uuid)}/approve_by_provider/`, {});
  }
  async rejectOrder(uuid: string): Promise<void> {
    await this.http.post(`marketplace-orders/${toHex(uuid)}/reject_by_provider/`, {});
  }
  async setOrderDone(uuid: string): Promise<void> {
    await this.http.post(`marketplace-orders/${toHex(uuid)}/set_state_done/`, {});
  }
  async setOrderErred(uuid: string, details: ErrorDetails): Promise<void> {
    await this.http.post(`marketplace-orders/${toHex(uuid)}/set_state_erred/`, details);
  }
  async setOrderBackendId(uuid: string, backendId: string): Promise<void> {
    await this.http.post(`marketplace-orders/${toHex(uuid)}/set_backend_id/`, { backend_id: backendId });
  }

  // --- resources (docs/protocol.md#callbacks, docs/agent.md#membership-sync) ---
  getResource(uuid: string): Promise<ProviderResource> {
    return this.http.get(`marketplace-provider-resources/${toHex(uuid)}/`, {
      schema: providerResourceSchema,
    });
  }
  listResources(query: Query & { offering_uuid: string }): Promise<ProviderResource[]> {
    return this.http.list('marketplace-provider-resources/', providerResourceSchema, query);
  }
  /** With `field=` selection: only the selected keys are present. */
  listResourcesPartial(
    query: Query & { offering_uuid: string; field: readonly string[] },
  ): Promise<PartialResource[]> {
    return this.http.list('marketplace-provider-resources/', resourcePartialSchema, query);
  }
  /** Not paginated in Waldur (a bare array, no `page`/`page_size`). */
  getResourceTeam(uuid: string): Promise<TeamMember[]> {
    return this.http.get(`marketplace-provider-resources/${toHex(uuid)}/team/`, {
      schema: z.array(teamMemberSchema),
    });
  }
  async setResourceBackendId(uuid: string, backendId: string): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/set_backend_id/`, {
      backend_id: backendId,
    });
  }
  async setResourceLimits(uuid: string, limits: Record<string, number>): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/set_limits/`, { limits });
  }
  async setResourceBackendMetadata(uuid: string, metadata: Record<string, unknown>): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/set_backend_metadata/`, {
      backend_metadata: metadata,
    });
  }
  async refreshResourceLastSync(uuid: string): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/refresh_last_sync/`, {});
  }
  async setResourceOk(uuid: string): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/set_as_ok/`, {});
  }
  async setResourceErred(uuid: string, details: ErrorDetails): Promise<void> {
    await this.http.post(`marketplace-provider-resources/${toHex(uuid)}/set_as_erred/`, details);
  }

  // --- offering users (docs/protocol.md#offering_user, docs/agent.md#membership-sync) ---
  listOfferingUsers(query: {
    offering_uuid: string;
    user_uuid?: string;
    state?: readonly string[];
  }): Promise<OfferingUser[]> {
    return this.http.list('marketplace-offering-users/', offeringUserSchema, {
      ...query,
      is_restricted: false,
    });
  }

  /** Every username held in the offering, restricted users included (uniqueness of generated usernames). */
  async listOfferingUsernames(offeringUuid: string): Promise<string[]> {
    const rows = await this.http.list('marketplace-offering-users/', offeringUsernameRowSchema, {
      offering_uuid: offeringUuid,
      field: ['uuid', 'username'],
    });
    return rows.map((r) => r.username ?? '').filter((u) => u !== '');
  }
  /** The offering's `plugin_options` only (`field=plugin_options`), as the real `update_offering_users` reads it. */
  async getOfferingPluginOptions(offeringUuid: string): Promise<Record<string, unknown>> {
    const offering = await this.http.get(`marketplace-provider-offerings/${toHex(offeringUuid)}/`, {
      query: { field: ['plugin_options'] },
      schema: offeringPartialSchema,
    });
    return offering.plugin_options ?? {};
  }
  /** PATCH `{username}`; Waldur moves a user in a creation state to OK and emits `username_set`. */
  async setOfferingUserUsername(uuid: string, username: string): Promise<void> {
    await this.http.patch(`marketplace-offering-users/${toHex(uuid)}/`, { username });
  }
  /** `begin_creating`, `set_error_creating`, `set_validation_complete`: state actions without a body. */
  async offeringUserAction(
    uuid: string,
    action: 'begin_creating' | 'set_error_creating' | 'set_validation_complete',
  ): Promise<void> {
    await this.http.post(`marketplace-offering-users/${toHex(uuid)}/${action}/`, {});
  }
  /** `set_pending_account_linking` / `set_pending_additional_validation` with the backend's comment. */
  async offeringUserPendingAction(
    uuid: string,
    action: 'set_pending_account_linking' | 'set_pending_additional_validation',
    body: { comment: string; comment_url?: string },
  ): Promise<void> {
    await this.http.post(`marketplace-offering-users/${toHex(uuid)}/${action}/`, body);
  }

  // --- periodic limits (docs/protocol.md#resource_periodic_limits) ---
  async reportPeriodicCommandResult(
    policyUuid: string,
    body: { resource_uuid: string; success: boolean; error_message: string; commands_executed: string[] },
  ): Promise<void> {
    await this.http.post(
      `marketplace-slurm-periodic-usage-policies/${toHex(policyUuid)}/report-command-result/`,
      // `mode` is the generated client's default, sent on every call (SlurmCommandResultRequest).
      {
        resource_uuid: body.resource_uuid,
        success: body.success,
        error_message: body.error_message,
        mode: 'production',
        commands_executed: body.commands_executed,
      },
    );
  }

  // --- importable resources (docs/protocol.md#importable_resources) ---
  async startBackendResourceRequest(uuid: string): Promise<void> {
    await this.http.post(`backend-resource-requests/${toHex(uuid)}/start_processing/`, {});
  }
  async setBackendResourceRequestErred(uuid: string, details: ErrorDetails): Promise<void> {
    await this.http.post(`backend-resource-requests/${toHex(uuid)}/set_erred/`, details);
  }

  // --- usage reporting (docs/agent.md#report-mode) ---
  /** Component usages of a resource in one billing period (`YYYY-MM-01`). */
  listComponentUsages(resourceUuid: string, billingPeriod: string): Promise<ComponentUsageRow[]> {
    return this.http.list('marketplace-component-usages/', componentUsageRowSchema, {
      resource_uuid: resourceUuid,
      billing_period: billingPeriod,
      field: ['uuid', 'type', 'usage'],
    });
  }
  async setUsage(resourceUuid: string, usages: readonly UsageAmount[], date: string): Promise<void> {
    await this.http.post('marketplace-component-usages/set_usage/', { usages, resource: resourceUuid, date });
  }
  async setUserUsages(componentUsageUuid: string, usages: readonly UserUsageAmount[]): Promise<void> {
    await this.http.post(`marketplace-component-usages/${toHex(componentUsageUuid)}/set_user_usages/`, {
      usages,
    });
  }
}
