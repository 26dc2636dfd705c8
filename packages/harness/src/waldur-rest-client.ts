// The publisher's public REST API as a Waldur user calls it (Authorization: Token …), for every suite. Responses
// the agent also reads are parsed with the wire schemas of @waldur-sim/protocol, so a field the real agent needs
// but the publisher forgot fails the test too. `call()` never throws on an HTTP status (security tests look at
// the status); `request()` and the typed calls throw WaldurApiError outside the expected statuses.
import {
  offeringUserSchema,
  orderSchema,
  providerResourceSchema,
  userSchema,
  type OfferingUser,
  type Order,
  type OrderType,
  type ProviderResource,
  type User,
} from '@waldur-sim/protocol';
import { HarnessError } from './harness-error.js';

export class WaldurApiError extends HarnessError {
  readonly status: number;
  readonly body: string;
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, status: number, body: string) {
    super('API_ERROR', `${method} ${path} -> ${status}: ${body.slice(0, 500)}`);
    this.method = method;
    this.path = path;
    this.status = status;
    this.body = body;
  }
}

export interface RestResponse {
  readonly status: number;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  readonly body: unknown;
}

export interface CreateOrderInput {
  readonly offeringUuid: string;
  readonly projectUuid: string;
  readonly type?: OrderType;
  readonly resourceUuid?: string;
  readonly limits?: Readonly<Record<string, number>>;
  readonly name?: string;
}

export interface EventSubscriptionCreated {
  readonly uuid: string;
  readonly user_uuid: string;
}

export interface SubscriptionQueueCreated {
  readonly queue_name: string;
  readonly vhost: string;
  readonly object_type: string;
}

export const OK_STATUSES: readonly number[] = [200, 201, 202, 204];

export class WaldurRestClient {
  /** `apiUrl` ends with `/api` (no trailing slash). */
  constructor(
    readonly apiUrl: string,
    readonly token: string,
    readonly timeoutMs = 30_000,
  ) {}

  /** The hyperlink of an object, as Waldur writes it in bodies: `<api>/<kind>/<uuid>/`. */
  url(kind: string, uuid: string): string {
    return `${this.apiUrl}/${kind}/${uuid}/`;
  }

  /** One request; any status is returned. */
  async call(method: string, path: string, body?: unknown): Promise<RestResponse> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Token ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(this.timeoutMs),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${this.apiUrl}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  /** Like call(), but a status outside `okStatuses` is a WaldurApiError; returns the body. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    okStatuses: readonly number[] = OK_STATUSES,
  ): Promise<unknown> {
    const r = await this.call(method, path, body);
    if (!okStatuses.includes(r.status)) {
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      throw new WaldurApiError(method, path, r.status, text);
    }
    return r.body;
  }

  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}): Promise<unknown> {
    return this.request('POST', path, body);
  }

  // ---- users -------------------------------------------------------------------------------------------

  async me(): Promise<User> {
    return userSchema.parse(await this.get('/users/me/'));
  }

  // ---- orders ------------------------------------------------------------------------------------------

  async createOrder(input: CreateOrderInput): Promise<Order> {
    const body: Record<string, unknown> = {
      offering: this.url('marketplace-public-offerings', input.offeringUuid),
      project: this.url('projects', input.projectUuid),
      type: input.type ?? 'Create',
    };
    if (input.limits !== undefined) body.limits = input.limits;
    if (input.resourceUuid !== undefined)
      body.resource = this.url('marketplace-resources', input.resourceUuid);
    if (input.name !== undefined) body.attributes = { name: input.name };
    return orderSchema.parse(await this.post('/marketplace-orders/', body));
  }

  async approveByConsumer(orderUuid: string): Promise<void> {
    await this.post(`/marketplace-orders/${orderUuid}/approve_by_consumer/`);
  }

  /** What a consumer does in the UI: create the order and approve it. */
  async submitOrder(input: CreateOrderInput): Promise<Order> {
    const order = await this.createOrder(input);
    await this.approveByConsumer(order.uuid);
    return order;
  }

  async order(orderUuid: string): Promise<Order> {
    return orderSchema.parse(await this.get(`/marketplace-orders/${orderUuid}/`));
  }

  /** Only the order's state (`?field=` keeps the response small for polling). */
  async orderState(orderUuid: string): Promise<string> {
    const order = (await this.get(`/marketplace-orders/${orderUuid}/?field=uuid&field=state`)) as {
      state?: unknown;
    };
    return typeof order.state === 'string' ? order.state : 'unknown';
  }

  // ---- provider resources ------------------------------------------------------------------------------

  async resource(resourceUuid: string): Promise<ProviderResource> {
    return providerResourceSchema.parse(await this.get(`/marketplace-provider-resources/${resourceUuid}/`));
  }

  async resources(query: Readonly<Record<string, string>>): Promise<ProviderResource[]> {
    const qs = new URLSearchParams({ page_size: '200', ...query }).toString();
    const list = (await this.get(`/marketplace-provider-resources/?${qs}`)) as unknown[];
    return list.map((r) => providerResourceSchema.parse(r));
  }

  async setResourceFlag(
    resourceUuid: string,
    flag: 'paused' | 'downscaled' | 'restrict_member_access',
    value: boolean,
  ): Promise<void> {
    await this.post(`/marketplace-provider-resources/${resourceUuid}/set_${flag}/`, { [flag]: value });
  }

  /** The resource's team as the agent reads it: project members with their offering usernames. */
  async team(
    resourceUuid: string,
  ): Promise<{ readonly username: string; readonly offeringUsername: string | null }[]> {
    const list = (await this.get(`/marketplace-provider-resources/${resourceUuid}/team/?page_size=200`)) as {
      username?: unknown;
      offering_user_username?: unknown;
    }[];
    return list.map((m) => ({
      username: typeof m.username === 'string' ? m.username : '',
      offeringUsername: typeof m.offering_user_username === 'string' ? m.offering_user_username : null,
    }));
  }

  async requestResourceRoleSync(resourceUuid: string): Promise<void> {
    await this.post(`/marketplace-provider-resources/${resourceUuid}/sync_user_roles/`);
  }

  // ---- projects and roles ------------------------------------------------------------------------------

  async grantProjectRole(projectUuid: string, userUuid: string, role: string): Promise<void> {
    await this.post(`/projects/${projectUuid}/add_user/`, { user: userUuid, role });
  }

  async revokeProjectRole(projectUuid: string, userUuid: string, role: string): Promise<void> {
    await this.post(`/projects/${projectUuid}/delete_user/`, { user: userUuid, role });
  }

  async requestProjectRoleSync(projectUuid: string): Promise<void> {
    await this.post(`/projects/${projectUuid}/sync_user_roles/`);
  }

  // ---- offering users ----------------------------------------------------------------------------------

  async offeringUsers(query: Readonly<Record<string, string>>): Promise<OfferingUser[]> {
    const qs = new URLSearchParams({ page_size: '200', ...query }).toString();
    const list = (await this.get(`/marketplace-offering-users/?${qs}`)) as unknown[];
    return list.map((u) => offeringUserSchema.parse(u));
  }

  /** PATCH the username (null clears it); a non-empty one makes Waldur emit `offering_user` username_set. */
  async setOfferingUsername(offeringUserUuid: string, username: string | null): Promise<OfferingUser> {
    return offeringUserSchema.parse(
      await this.request('PATCH', `/marketplace-offering-users/${offeringUserUuid}/`, { username }),
    );
  }

  // ---- offerings -----------------------------------------------------------------------------------------

  async requestOfferingResourcesSync(offeringUuid: string): Promise<void> {
    await this.post(`/marketplace-provider-offerings/${offeringUuid}/sync_resources/`);
  }

  // ---- event subscriptions -------------------------------------------------------------------------------

  async createEventSubscription(
    objectTypes: readonly string[],
    description: string,
  ): Promise<EventSubscriptionCreated> {
    return (await this.post('/event-subscriptions/', {
      description,
      observable_objects: objectTypes.map((object_type) => ({ object_type })),
    })) as EventSubscriptionCreated;
  }

  async createSubscriptionQueue(
    subscriptionUuid: string,
    offeringUuid: string,
    objectType: string,
  ): Promise<SubscriptionQueueCreated> {
    return (await this.post(`/event-subscriptions/${subscriptionUuid}/create_queue/`, {
      offering_uuid: offeringUuid,
      object_type: objectType,
    })) as SubscriptionQueueCreated;
  }

  async deleteEventSubscription(subscriptionUuid: string): Promise<void> {
    await this.request('DELETE', `/event-subscriptions/${subscriptionUuid}/`, undefined, [204, 404]);
  }
}
