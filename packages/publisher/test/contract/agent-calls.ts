// How the real site agent calls each operation of Waldur's contract, against the contract world: the path (with
// the object the call acts on), the query parameters it sends (`agent_values`) and the request body it builds
// (`request_body.agent_sets`). One entry per contract operation; the suite fails for an operation without one.
import { toHyphenated } from './uuid-forms.js';
import type { ContractWorld } from './contract-world.js';

export interface AgentCall {
  readonly path: string;
  /** Query parameters, a list of values per name (sent as repeated keys). */
  readonly query?: Readonly<Record<string, readonly string[]>>;
  readonly body?: unknown;
}

/** Per-test objects the suite creates through the API before the calls (register_* answers). */
export interface CallContext {
  readonly world: ContractWorld;
  /** A subscription registered through the API (real broker objects), for create_queue. */
  readonly subscriptionId: string;
  /** Another one, for the DELETE. */
  readonly disposableSubscriptionId: string;
  /** Objects the emulator keeps only when the wire-endpoints routes create them; a fresh uuid otherwise. */
  readonly extra: Readonly<Record<string, string>>;
}

const PAGE = { page_size: ['100'] } as const;
const ORDER_STATES = { state: ['pending-provider', 'executing'], ...PAGE } as const;
const RESOURCE_STATES = { state: ['OK', 'Erred'], ...PAGE } as const;
const OFFERING_USER_STATES = {
  state: [
    'OK',
    'Requested',
    'Creating',
    'Error creating',
    'Pending account linking',
    'Pending additional validation',
  ],
  is_restricted: ['false'],
  ...PAGE,
} as const;

function month(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/** The agent's call of every operation, by operation id. Path uuids alternate between both forms. */
export const AGENT_CALLS: Readonly<Record<string, (c: CallContext) => AgentCall>> = {
  backend_resource_requests_retrieve: ({ extra }) => ({
    path: `/api/backend-resource-requests/${extra.backendResourceRequest}/`,
  }),
  backend_resource_requests_start_processing: ({ extra }) => ({
    path: `/api/backend-resource-requests/${toHyphenated(extra.backendResourceRequest)}/start_processing/`,
    body: {},
  }),
  backend_resource_requests_set_done: ({ extra }) => ({
    path: `/api/backend-resource-requests/${extra.backendResourceRequestDone}/set_done/`,
    body: {},
  }),
  backend_resource_requests_set_erred: ({ extra }) => ({
    path: `/api/backend-resource-requests/${toHyphenated(extra.backendResourceRequestErred)}/set_erred/`,
    body: { error_message: 'sacctmgr failed', error_traceback: 'Traceback ...' },
  }),
  backend_resources_list: () => ({ path: '/api/backend-resources/', query: PAGE }),
  backend_resources_create: ({ world }) => ({
    path: '/api/backend-resources/',
    body: {
      name: 'imported-account',
      project: world.api.projectId,
      offering: toHyphenated(world.api.offeringId),
      backend_id: 'imported_acc',
      backend_metadata: { partition: 'batch' },
    },
  }),
  component_user_usage_limits_list: ({ world }) => ({
    path: '/api/component-user-usage-limits/',
    query: { resource_uuid: [world.resources.ok], ...PAGE },
  }),
  event_subscriptions_destroy: (c) => ({ path: `/api/event-subscriptions/${c.disposableSubscriptionId}/` }),
  event_subscriptions_create_queue: (c) => ({
    path: `/api/event-subscriptions/${c.subscriptionId}/create_queue/`,
    body: { offering_uuid: toHyphenated(c.world.api.offeringId), object_type: 'order' },
  }),
  marketplace_component_usages_list: ({ world }) => ({
    path: '/api/marketplace-component-usages/',
    query: { resource_uuid: [world.resources.ok], billing_period: [month().slice(0, 10)], ...PAGE },
  }),
  marketplace_component_usages_set_usage: ({ world }) => ({
    path: '/api/marketplace-component-usages/set_usage/',
    body: {
      resource: toHyphenated(world.resources.ok),
      date: new Date().toISOString(),
      usages: [
        { type: 'cpu', amount: '13.5', description: '' },
        { type: 'mem', amount: '20', description: '' },
      ],
    },
  }),
  marketplace_component_usages_set_user_usage: ({ world }) => ({
    path: `/api/marketplace-component-usages/${toHyphenated(world.usageId)}/set_user_usage/`,
    body: { username: 'outsider_user', usage: '2.5', date: month() },
  }),
  marketplace_component_usages_set_user_usages: ({ world }) => ({
    path: `/api/marketplace-component-usages/${world.usageId}/set_user_usages/`,
    body: { usages: [{ username: 'outsider_user', usage: '1.5' }] },
  }),
  marketplace_component_user_usages_list: ({ world }) => ({
    path: '/api/marketplace-component-user-usages/',
    query: { resource_uuid: [world.resources.ok], ...PAGE },
  }),
  marketplace_offering_users_list: ({ world }) => ({
    path: '/api/marketplace-offering-users/',
    query: { offering_uuid: [world.api.offeringId], ...OFFERING_USER_STATES },
  }),
  marketplace_offering_users_partial_update: ({ world }) => ({
    path: `/api/marketplace-offering-users/${toHyphenated(world.offeringUsers.ok)}/`,
    body: { username: 'outsider_renamed' },
  }),
  marketplace_offering_users_begin_creating: ({ world }) => ({
    path: `/api/marketplace-offering-users/${world.offeringUsers.requested}/begin_creating/`,
    body: {},
  }),
  marketplace_offering_users_set_error_creating: ({ world }) => ({
    path: `/api/marketplace-offering-users/${toHyphenated(world.offeringUsers.creating)}/set_error_creating/`,
    body: {},
  }),
  marketplace_offering_users_set_pending_account_linking: ({ extra }) => ({
    path: `/api/marketplace-offering-users/${extra.offeringUserToLink}/set_pending_account_linking/`,
    body: { comment: 'Link your account', comment_url: 'https://idp.example/link' },
  }),
  marketplace_offering_users_set_pending_additional_validation: ({ extra }) => ({
    path: `/api/marketplace-offering-users/${toHyphenated(extra.offeringUserToValidate)}/set_pending_additional_validation/`,
    body: { comment: 'Need more data', comment_url: 'https://idp.example/validate' },
  }),
  marketplace_offering_users_set_validation_complete: ({ world }) => ({
    path: `/api/marketplace-offering-users/${world.offeringUsers.pendingValidation}/set_validation_complete/`,
    body: {},
  }),
  marketplace_orders_list: ({ world }) => ({
    path: '/api/marketplace-orders/',
    query: { offering_uuid: [world.api.offeringId], ...ORDER_STATES },
  }),
  marketplace_orders_retrieve: ({ world }) => ({
    path: `/api/marketplace-orders/${toHyphenated(world.orders.toFinish)}/`,
  }),
  marketplace_orders_approve_by_provider: ({ world }) => ({
    path: `/api/marketplace-orders/${world.orders.toApprove}/approve_by_provider/`,
    body: {},
  }),
  marketplace_orders_reject_by_provider: ({ world }) => ({
    path: `/api/marketplace-orders/${toHyphenated(world.orders.toReject)}/reject_by_provider/`,
    body: {},
  }),
  marketplace_orders_set_backend_id: ({ world }) => ({
    path: `/api/marketplace-orders/${world.orders.toSetBackendId}/set_backend_id/`,
    body: { backend_id: 'hpc_new_account' },
  }),
  marketplace_orders_set_state_done: ({ world }) => ({
    path: `/api/marketplace-orders/${toHyphenated(world.orders.toFinish)}/set_state_done/`,
    body: {},
  }),
  marketplace_orders_set_state_erred: ({ world }) => ({
    path: `/api/marketplace-orders/${world.orders.toFail}/set_state_erred/`,
    body: { error_message: 'sacctmgr failed', error_traceback: 'Traceback ...' },
  }),
  marketplace_plans_retrieve: ({ world }) => ({ path: `/api/marketplace-plans/${world.api.planId}/` }),
  marketplace_provider_offerings_retrieve: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${toHyphenated(world.api.offeringId)}/`,
  }),
  marketplace_provider_offerings_check_unique_backend_id: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${world.api.offeringId}/check_unique_backend_id/`,
    body: { backend_id: 'hpc_candidate', check_all_offerings: false, use_offering_rules: false },
  }),
  marketplace_provider_offerings_create_offering_component: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${toHyphenated(world.api.offeringId)}/create_offering_component/`,
    body: {
      billing_type: 'usage',
      type: 'gpu',
      name: 'GPU',
      measured_unit: 'GPU-Hours',
      limit_amount: 100,
      unit_factor: 1,
      description: '',
      article_code: '',
      is_boolean: false,
      is_prepaid: false,
    },
  }),
  marketplace_provider_offerings_update_offering_component: ({ world, extra }) => ({
    path: `/api/marketplace-provider-offerings/${world.api.offeringId}/update_offering_component/`,
    body: {
      uuid: extra.cpuComponent,
      billing_type: 'limit',
      type: 'cpu',
      name: 'CPU',
      measured_unit: 'k-Hours',
      limit_amount: 2000,
      unit_factor: 1,
      description: '',
      article_code: '',
      is_boolean: false,
      is_prepaid: false,
    },
  }),
  marketplace_provider_offerings_list_course_accounts_list: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${world.api.offeringId}/list_course_accounts/`,
    query: PAGE,
  }),
  marketplace_provider_offerings_list_project_service_accounts_list: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${toHyphenated(world.api.offeringId)}/list_project_service_accounts/`,
    query: PAGE,
  }),
  marketplace_provider_offerings_user_attribute_config_retrieve: ({ world }) => ({
    path: `/api/marketplace-provider-offerings/${world.api.offeringId}/user-attribute-config/`,
  }),
  marketplace_provider_resources_list: ({ world }) => ({
    path: '/api/marketplace-provider-resources/',
    query: { offering_uuid: [world.api.offeringId], ...RESOURCE_STATES },
  }),
  marketplace_provider_resources_retrieve: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${toHyphenated(world.resources.paused)}/`,
  }),
  marketplace_provider_resources_refresh_last_sync: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${world.resources.ok}/refresh_last_sync/`,
    body: {},
  }),
  marketplace_provider_resources_set_as_erred: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${toHyphenated(world.resources.downscaled)}/set_as_erred/`,
    body: { error_message: 'backend unreachable', error_traceback: '' },
  }),
  marketplace_provider_resources_set_as_ok: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${world.resources.erred}/set_as_ok/`,
    body: {},
  }),
  marketplace_provider_resources_set_backend_id: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${toHyphenated(world.resources.paused)}/set_backend_id/`,
    body: { backend_id: 'hpc_renamed' },
  }),
  marketplace_provider_resources_set_backend_metadata: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${world.resources.ok}/set_backend_metadata/`,
    body: { backend_metadata: { partition: 'batch', qos: 'normal' } },
  }),
  marketplace_provider_resources_set_endpoints: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${toHyphenated(world.resources.ok)}/set_endpoints/`,
    body: { endpoints: [{ name: 'login', url: 'ssh://login.hpc.example' }] },
  }),
  marketplace_provider_resources_set_limits: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${world.resources.ok}/set_limits/`,
    body: { limits: { cpu: 6, mem: 12 } },
  }),
  marketplace_provider_resources_set_membership_sync_statuses: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${toHyphenated(world.resources.ok)}/set_membership_sync_statuses/`,
    body: {
      statuses: [
        {
          scope_type: 'resource',
          role_name: 'PROJECT.ADMIN',
          state: 'synced',
          username: world.api.projectAdmin.username,
          user_uuid: world.api.projectAdmin.id,
          message: '',
        },
      ],
    },
  }),
  marketplace_provider_resources_team_list: ({ world }) => ({
    path: `/api/marketplace-provider-resources/${world.resources.ok}/team/`,
    query: { has_consent: ['true'] },
  }),
  marketplace_resource_api_keys_list: () => ({
    path: '/api/marketplace-resource-api-keys/',
    query: { state: ['Updating'], ...PAGE },
  }),
  marketplace_resource_api_keys_report_created: ({ world }) => ({
    path: '/api/marketplace-resource-api-keys/report_created/',
    body: { resource: toHyphenated(world.resources.ok), client_id: 'client-1', api_key: 'secret-key-1' },
  }),
  marketplace_resource_api_keys_set_erred: ({ extra }) => ({
    path: `/api/marketplace-resource-api-keys/${extra.apiKeyToFail}/set_erred/`,
    body: { error_message: 'rotation failed' },
  }),
  marketplace_resource_api_keys_set_key: ({ extra }) => ({
    path: `/api/marketplace-resource-api-keys/${toHyphenated(extra.apiKeyToSet)}/set_key/`,
    body: { api_key: 'secret-key-2', client_id: 'client-2' },
  }),
  marketplace_resources_list: () => ({ path: '/api/marketplace-resources/', query: RESOURCE_STATES }),
  marketplace_service_providers_list: ({ world }) => ({
    path: '/api/marketplace-service-providers/',
    query: { customer_uuid: [world.api.providerCustomerId] },
  }),
  marketplace_service_providers_keys_list: ({ world }) => ({
    path: `/api/marketplace-service-providers/${world.api.serviceProviderId}/keys/`,
  }),
  marketplace_service_providers_projects_list: ({ world }) => ({
    path: `/api/marketplace-service-providers/${toHyphenated(world.api.serviceProviderId)}/projects/`,
  }),
  marketplace_site_agent_identities_list: ({ world }) => ({
    path: '/api/marketplace-site-agent-identities/',
    query: { name: [`agent-${world.api.offeringId}`] },
  }),
  marketplace_site_agent_identities_create: ({ world }) => ({
    path: '/api/marketplace-site-agent-identities/',
    body: {
      offering: toHyphenated(world.api.offeringId),
      name: `agent-${world.api.offeringId}-second`,
      version: '1.0.6rc17',
      dependencies: [{ package: 'waldur-api-client', version: '8.1.0rc19' }],
      config_file_path: '/etc/waldur/waldur-site-agent-config.yaml',
      config_file_content: 'offerings: []',
      last_restarted: new Date().toISOString(),
    },
  }),
  marketplace_site_agent_identities_update: ({ world }) => ({
    path: `/api/marketplace-site-agent-identities/${world.identityId}/`,
    body: {
      offering: world.api.offeringId,
      name: `agent-${world.api.offeringId}`,
      version: '1.0.6rc17',
      dependencies: [{ package: 'waldur-api-client', version: '8.1.0rc19' }],
      config_file_path: '/etc/waldur/waldur-site-agent-config.yaml',
      config_file_content: 'offerings: []',
      last_restarted: new Date().toISOString(),
    },
  }),
  marketplace_site_agent_identities_register_event_subscription: ({ world }) => ({
    path: `/api/marketplace-site-agent-identities/${world.identityId}/register_event_subscription/`,
    body: { observable_object_type: 'resource', description: 'Event subscription for {identity.name}' },
  }),
  marketplace_site_agent_identities_register_service: ({ world }) => ({
    path: `/api/marketplace-site-agent-identities/${toHyphenated(world.identityId)}/register_service/`,
    body: { name: 'event_process', mode: 'event_process' },
  }),
  marketplace_site_agent_services_register_processor: ({ world }) => ({
    path: `/api/marketplace-site-agent-services/${world.serviceId}/register_processor/`,
    body: { name: 'slurm', backend_type: 'slurm', backend_version: '24.05' },
  }),
  marketplace_slurm_periodic_usage_policies_list: () => ({
    path: '/api/marketplace-slurm-periodic-usage-policies/',
  }),
  marketplace_slurm_periodic_usage_policies_report_command_result: ({ world, extra }) => ({
    path: `/api/marketplace-slurm-periodic-usage-policies/${extra.periodicPolicy}/report-command-result/`,
    body: {
      resource_uuid: toHyphenated(world.resources.ok),
      success: true,
      error_message: '',
      mode: 'production',
      commands_executed: ['sacctmgr -i modify account hpc set GrpTRESMins=cpu=600'],
    },
  }),
  projects_list: ({ extra }) => ({ path: '/api/projects/', query: { slug: [extra.projectSlug ?? ''] } }),
  users_me_retrieve: () => ({ path: '/api/users/me/' }),
  version_retrieve: () => ({ path: '/api/version/' }),
};
