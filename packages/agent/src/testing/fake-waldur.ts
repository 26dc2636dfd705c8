// In-memory Waldur for processor/handler unit tests: orders, resources, teams and offering users, the order state
// machine of docs/protocol.md#order-state-machine, and a call log to assert on (including "no REST call at all"). Every answer
// is checked against Waldur's contract first, so no unit test can rely on a shape Waldur never sends.
import { formatViolations, loadContract, validateModel } from '@waldur-sim/contract';
import type { OfferingUser, Order, OrderState, ProviderResource } from '@waldur-sim/protocol';
import type { AccountRow, ErrorDetails, TeamMember, WaldurApi } from '../waldur/waldur-api.js';
import { WaldurApiError } from '../waldur/waldur-errors.js';

export const OFFERING_UUID = '0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a';
const NOW = '2026-01-01T00:00:00Z';

let counter = 0;
export function hex(): string {
  counter += 1;
  return counter.toString(16).padStart(32, '0');
}

export function makeResource(overrides: Partial<ProviderResource> = {}): ProviderResource {
  const uuid = overrides.uuid ?? hex();
  return {
    uuid,
    url: `http://waldur.test/api/marketplace-provider-resources/${uuid}/`,
    name: 'Alloc',
    slug: 'alloc',
    state: 'OK',
    backend_id: '',
    created: NOW,
    modified: NOW,
    offering: `http://waldur.test/api/marketplace-provider-offerings/${OFFERING_UUID}/`,
    offering_uuid: OFFERING_UUID,
    offering_name: 'SLURM',
    offering_type: 'Marketplace.Slurm',
    project: 'http://waldur.test/api/projects/p/',
    project_uuid: 'b'.repeat(32),
    project_name: 'Project',
    project_slug: 'project',
    customer_uuid: 'c'.repeat(32),
    customer_name: 'Customer',
    customer_slug: 'customer',
    limits: {},
    attributes: {},
    backend_metadata: {},
    restrict_member_access: false,
    downscaled: false,
    paused: false,
    ...overrides,
  };
}

export function makeOrder(resource: ProviderResource, overrides: Partial<Order> = {}): Order {
  return {
    uuid: overrides.uuid ?? hex(),
    created: NOW,
    modified: NOW,
    type: 'Create',
    state: 'pending-provider',
    offering_uuid: OFFERING_UUID,
    project_uuid: resource.project_uuid,
    project_name: resource.project_name,
    project_slug: resource.project_slug,
    customer_uuid: resource.customer_uuid,
    resource_name: resource.name,
    marketplace_resource_uuid: resource.uuid,
    attributes: {},
    limits: { cpu: 100 },
    ...overrides,
  };
}

export function makeOfferingUser(
  userUuid: string,
  username: string | null,
  overrides: Partial<OfferingUser> = {},
): OfferingUser {
  const uuid = hex();
  return {
    uuid,
    url: `http://waldur.test/api/marketplace-offering-users/${uuid}/`,
    user: `http://waldur.test/api/users/${userUuid}/`,
    user_uuid: userUuid,
    user_username: `user-${userUuid.slice(-4)}`,
    offering: `http://waldur.test/api/marketplace-provider-offerings/${OFFERING_UUID}/`,
    offering_uuid: OFFERING_UUID,
    offering_name: 'SLURM',
    username,
    state: 'OK',
    is_restricted: false,
    created: NOW,
    modified: NOW,
    ...overrides,
  };
}

/** A team row as Waldur's `…/team/` lists it (ProjectUser: every required key). */
export function makeTeamMember(username: string | null): TeamMember {
  const uuid = hex();
  return {
    url: `http://waldur.test/api/users/${uuid}/`,
    uuid,
    username: `waldur-${username ?? 'x'}`,
    full_name: `User ${username ?? 'x'}`,
    role: 'PROJECT.MEMBER',
    expiration_time: null,
    offering_user_username: username,
    offering_user_state: username === null ? null : 'OK',
  };
}

/** An answer of the fake that Waldur would never send (a unit test relying on it would prove nothing). */
export class FakeWaldurContractError extends Error {
  override readonly name = 'FakeWaldurContractError';
  readonly code = 'ERR_FAKE_ANSWER_NOT_IN_CONTRACT';
}

const contract = loadContract();

/** Returns `value` after checking it against the contract model (each item, for a list). */
export function contractAnswer<T>(model: string, value: T): T {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const violations = items.flatMap((item, i) =>
    validateModel(contract, model, item, Array.isArray(value) ? `$[${String(i)}]` : '$'),
  );
  if (violations.length > 0) {
    throw new FakeWaldurContractError(
      `the fake answered a ${model} Waldur never sends:\n${formatViolations(violations)}`,
    );
  }
  return value;
}

export interface Call {
  method: string;
  args: unknown[];
}

type FakeMethods = Pick<
  WaldurApi,
  | 'getOrder'
  | 'getOrderState'
  | 'listOrders'
  | 'approveOrder'
  | 'rejectOrder'
  | 'setOrderDone'
  | 'setOrderErred'
  | 'setOrderBackendId'
  | 'getResource'
  | 'listResources'
  | 'listResourcesPartial'
  | 'getResourceTeam'
  | 'setResourceBackendId'
  | 'setResourceLimits'
  | 'setResourceBackendMetadata'
  | 'refreshResourceLastSync'
  | 'setResourceOk'
  | 'setResourceErred'
  | 'listOfferingUsers'
  | 'listOfferingUsernames'
  | 'getOfferingPluginOptions'
  | 'setOfferingUserUsername'
  | 'offeringUserAction'
  | 'offeringUserPendingAction'
  | 'reportPeriodicCommandResult'
  | 'startBackendResourceRequest'
  | 'setBackendResourceRequestErred'
  | 'listProjectServiceAccounts'
  | 'listCourseAccounts'
>;

export class FakeWaldur implements FakeMethods {
  readonly orders = new Map<string, Order>();
  readonly resources = new Map<string, ProviderResource>();
  readonly teams = new Map<string, TeamMember[]>();
  offeringUsers: OfferingUser[] = [];
  /** The offering's plugin_options (username generation policy and friends). */
  pluginOptions: Record<string, unknown> = {};
  /** Rows of list_project_service_accounts / list_course_accounts (contract models). */
  serviceAccounts: Record<string, unknown>[] = [];
  courseAccounts: Record<string, unknown>[] = [];
  readonly calls: Call[] = [];
  /** Throw this from the next call of the named method (once per entry). */
  readonly failNext = new Map<string, Error[]>();

  addResource(r: ProviderResource): ProviderResource {
    this.resources.set(r.uuid, r);
    return r;
  }
  addOrder(o: Order): Order {
    this.orders.set(o.uuid, o);
    return o;
  }
  setTeam(resourceUuid: string, usernames: (string | null)[]): void {
    this.teams.set(
      resourceUuid,
      usernames.map((u) => makeTeamMember(u)),
    );
  }
  asApi(): WaldurApi {
    return this as unknown as WaldurApi;
  }
  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }
  failOnce(method: string, error: Error): void {
    const list = this.failNext.get(method) ?? [];
    list.push(error);
    this.failNext.set(method, list);
  }

  private record(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    const fails = this.failNext.get(method);
    const error = fails?.shift();
    if (error !== undefined) throw error;
  }
  private order(uuid: string): Order {
    const o = this.orders.get(uuid);
    if (o === undefined) throw new WaldurApiError('GET', `orders/${uuid}`, 404, { detail: 'Not found.' });
    return o;
  }
  private resource(uuid: string): ProviderResource {
    const r = this.resources.get(uuid);
    if (r === undefined) throw new WaldurApiError('GET', `resources/${uuid}`, 404, { detail: 'Not found.' });
    return r;
  }
  private transition(uuid: string, from: readonly OrderState[], to: OrderState): void {
    const o = this.order(uuid);
    if (!from.includes(o.state))
      throw new WaldurApiError('POST', `orders/${uuid}`, 400, { detail: `Invalid state ${o.state}` });
    this.orders.set(uuid, { ...o, state: to });
  }

  getOrder(uuid: string): Promise<Order> {
    this.record('getOrder', [uuid]);
    return Promise.resolve(contractAnswer('OrderDetails', { ...this.order(uuid) }));
  }
  getOrderState(uuid: string): Promise<OrderState> {
    this.record('getOrderState', [uuid]);
    return Promise.resolve(this.order(uuid).state);
  }
  listOrders(query: {
    offering_uuid: string;
    state: readonly OrderState[];
    modified_before?: string;
  }): Promise<Order[]> {
    this.record('listOrders', [query]);
    return Promise.resolve(
      contractAnswer(
        'OrderDetails',
        [...this.orders.values()].filter((o) => query.state.includes(o.state)),
      ),
    );
  }
  approveOrder(uuid: string): Promise<void> {
    this.record('approveOrder', [uuid]);
    this.transition(uuid, ['pending-provider'], 'executing');
    return Promise.resolve();
  }
  rejectOrder(uuid: string): Promise<void> {
    this.record('rejectOrder', [uuid]);
    this.transition(uuid, ['pending-provider'], 'rejected');
    return Promise.resolve();
  }
  setOrderDone(uuid: string): Promise<void> {
    this.record('setOrderDone', [uuid]);
    this.transition(uuid, ['executing'], 'done');
    const o = this.order(uuid);
    const r = this.resources.get(o.marketplace_resource_uuid);
    if (r !== undefined)
      this.resources.set(r.uuid, { ...r, state: o.type === 'Terminate' ? 'Terminated' : 'OK' });
    return Promise.resolve();
  }
  setOrderErred(uuid: string, details: ErrorDetails): Promise<void> {
    this.record('setOrderErred', [uuid, details]);
    this.transition(uuid, ['pending-consumer', 'pending-provider', 'executing', 'erred', 'done'], 'erred');
    return Promise.resolve();
  }
  setOrderBackendId(uuid: string, backendId: string): Promise<void> {
    this.record('setOrderBackendId', [uuid, backendId]);
    return Promise.resolve();
  }
  getResource(uuid: string): Promise<ProviderResource> {
    this.record('getResource', [uuid]);
    return Promise.resolve(contractAnswer('Resource', { ...this.resource(uuid) }));
  }
  listResources(query: Record<string, unknown>): Promise<ProviderResource[]> {
    this.record('listResources', [query]);
    const states = query.state as readonly string[] | undefined;
    const project = query.project_uuid as string | undefined;
    const backendId = query.backend_id as string | undefined;
    return Promise.resolve(
      contractAnswer(
        'Resource',
        [...this.resources.values()].filter(
          (r) =>
            (states === undefined || states.includes(r.state)) &&
            (project === undefined || r.project_uuid === project) &&
            (backendId === undefined || r.backend_id === backendId),
        ),
      ),
    );
  }
  listResourcesPartial(query: Record<string, unknown>): Promise<Partial<ProviderResource>[]> {
    this.record('listResourcesPartial', [query]);
    const states = query.state as readonly string[];
    return Promise.resolve(
      contractAnswer(
        'Resource',
        [...this.resources.values()]
          .filter((r) => states.includes(r.state))
          .map((r) => ({
            uuid: r.uuid,
            backend_id: r.backend_id,
            restrict_member_access: r.restrict_member_access,
          })),
      ),
    );
  }
  getResourceTeam(uuid: string): Promise<TeamMember[]> {
    this.record('getResourceTeam', [uuid]);
    return Promise.resolve(contractAnswer('ProjectUser', this.teams.get(uuid) ?? []));
  }
  setResourceBackendId(uuid: string, backendId: string): Promise<void> {
    this.record('setResourceBackendId', [uuid, backendId]);
    this.resources.set(uuid, { ...this.resource(uuid), backend_id: backendId });
    return Promise.resolve();
  }
  setResourceLimits(uuid: string, limits: Record<string, number>): Promise<void> {
    this.record('setResourceLimits', [uuid, limits]);
    this.resources.set(uuid, { ...this.resource(uuid), limits });
    return Promise.resolve();
  }
  setResourceBackendMetadata(uuid: string, metadata: Record<string, unknown>): Promise<void> {
    this.record('setResourceBackendMetadata', [uuid, metadata]);
    this.resources.set(uuid, { ...this.resource(uuid), backend_metadata: metadata });
    return Promise.resolve();
  }
  refreshResourceLastSync(uuid: string): Promise<void> {
    this.record('refreshResourceLastSync', [uuid]);
    return Promise.resolve();
  }
  setResourceOk(uuid: string): Promise<void> {
    this.record('setResourceOk', [uuid]);
    this.resources.set(uuid, { ...this.resource(uuid), state: 'OK' });
    return Promise.resolve();
  }
  setResourceErred(uuid: string, details: ErrorDetails): Promise<void> {
    this.record('setResourceErred', [uuid, details]);
    this.resources.set(uuid, { ...this.resource(uuid), state: 'Erred' });
    return Promise.resolve();
  }
  listOfferingUsers(query: { offering_uuid: string; user_uuid?: string }): Promise<OfferingUser[]> {
    this.record('listOfferingUsers', [query]);
    return Promise.resolve(
      contractAnswer(
        'OfferingUser',
        this.offeringUsers.filter((u) => query.user_uuid === undefined || u.user_uuid === query.user_uuid),
      ),
    );
  }
  listOfferingUsernames(offeringUuid: string): Promise<string[]> {
    this.record('listOfferingUsernames', [offeringUuid]);
    return Promise.resolve(this.offeringUsers.map((u) => u.username ?? '').filter((u) => u !== ''));
  }
  getOfferingPluginOptions(offeringUuid: string): Promise<Record<string, unknown>> {
    this.record('getOfferingPluginOptions', [offeringUuid]);
    return Promise.resolve({ ...this.pluginOptions });
  }
  /** Like Waldur's OfferingUser.save(): a username moves a user in a creation state to OK. */
  setOfferingUserUsername(uuid: string, username: string): Promise<void> {
    this.record('setOfferingUserUsername', [uuid, username]);
    const ou = this.offeringUser(uuid);
    const creation = ['Requested', 'Creating', 'Error creating', 'Pending account linking'];
    const state = [...creation, 'Pending additional validation'].includes(ou.state) ? 'OK' : ou.state;
    this.patchOfferingUser(uuid, { username, state });
    for (const team of this.teams.values()) {
      for (const m of team.filter((t) => t.uuid === ou.user_uuid)) {
        Object.assign(m, { offering_user_username: username, offering_user_state: state });
      }
    }
    return Promise.resolve();
  }
  offeringUserAction(uuid: string, action: string): Promise<void> {
    this.record('offeringUserAction', [uuid, action]);
    const to = { begin_creating: 'Creating', set_error_creating: 'Error creating' }[action];
    if (action === 'set_validation_complete') this.patchOfferingUser(uuid, { state: 'OK' });
    else if (to !== undefined) this.patchOfferingUser(uuid, { state: to as OfferingUser['state'] });
    return Promise.resolve();
  }
  offeringUserPendingAction(uuid: string, action: string, body: Record<string, unknown>): Promise<void> {
    this.record('offeringUserPendingAction', [uuid, action, body]);
    const linking = action === 'set_pending_account_linking';
    this.patchOfferingUser(uuid, {
      state: linking ? 'Pending account linking' : 'Pending additional validation',
    });
    return Promise.resolve();
  }
  private offeringUser(uuid: string): OfferingUser {
    const ou = this.offeringUsers.find((u) => u.uuid === uuid);
    if (ou === undefined)
      throw new WaldurApiError('POST', `offering-users/${uuid}`, 404, { detail: 'Not found.' });
    return ou;
  }
  private patchOfferingUser(uuid: string, patch: Partial<OfferingUser>): void {
    this.offeringUsers = this.offeringUsers.map((u) => (u.uuid === uuid ? { ...u, ...patch } : u));
  }
  reportPeriodicCommandResult(
    policyUuid: string,
    body: { resource_uuid: string; success: boolean; error_message: string; commands_executed: string[] },
  ): Promise<void> {
    this.record('reportPeriodicCommandResult', [policyUuid, body]);
    return Promise.resolve();
  }
  startBackendResourceRequest(uuid: string): Promise<void> {
    this.record('startBackendResourceRequest', [uuid]);
    return Promise.resolve();
  }
  setBackendResourceRequestErred(uuid: string, details: ErrorDetails): Promise<void> {
    this.record('setBackendResourceRequestErred', [uuid, details]);
    return Promise.resolve();
  }
  listProjectServiceAccounts(offeringUuid: string): Promise<AccountRow[]> {
    this.record('listProjectServiceAccounts', [offeringUuid]);
    return Promise.resolve(contractAnswer('ProjectServiceAccount', this.serviceAccounts) as AccountRow[]);
  }
  listCourseAccounts(offeringUuid: string): Promise<AccountRow[]> {
    this.record('listCourseAccounts', [offeringUuid]);
    return Promise.resolve(contractAnswer('CourseAccount', this.courseAccounts) as AccountRow[]);
  }
}
