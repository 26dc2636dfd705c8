// A small client for RabbitMQ's management HTTP API, for test set-up and assertions (vhosts, users,
// permissions, queues, peeking at messages). Names are URL-encoded with nothing kept safe, as Waldur does.
import type { BrokerEndpoints } from './broker-endpoints.js';
import { basicAuth } from './readiness.js';
import { ManagementApiError } from './testkit-error.js';

export interface Permissions {
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

export interface QueueInfo {
  readonly name: string;
  readonly vhost: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** Absent until the management stats have been collected for a new queue. */
  readonly messages?: number;
  readonly messages_ready?: number;
  readonly messages_unacknowledged?: number;
  readonly consumers?: number;
}

export interface PeekedMessage {
  readonly payload: string;
  readonly payload_encoding: 'string' | 'base64';
  readonly payload_bytes: number;
  readonly redelivered: boolean;
  readonly exchange: string;
  readonly routing_key: string;
  readonly message_count: number;
  readonly properties: Readonly<Record<string, unknown>> & {
    readonly headers?: Readonly<Record<string, unknown>>;
  };
}

export interface ManagementClientOptions {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface ManagementClient {
  overview(): Promise<Record<string, unknown>>;
  /** PUT /api/vhosts/{vhost}: true if created, false if it existed. */
  putVhost(vhost: string): Promise<boolean>;
  /** false if it did not exist. */
  deleteVhost(vhost: string): Promise<boolean>;
  listVhosts(): Promise<string[]>;
  putUser(user: string, password: string, tags?: readonly string[]): Promise<boolean>;
  deleteUser(user: string): Promise<boolean>;
  getUser(user: string): Promise<Record<string, unknown> | undefined>;
  setPermissions(vhost: string, user: string, permissions?: Permissions): Promise<void>;
  getPermissions(vhost: string, user: string): Promise<Permissions | undefined>;
  /** Users with permissions on `vhost`. */
  listVhostPermissions(vhost: string): Promise<string[]>;
  putQueue(
    vhost: string,
    queue: string,
    options?: { readonly durable?: boolean; readonly autoDelete?: boolean; readonly arguments?: object },
  ): Promise<boolean>;
  getQueue(vhost: string, queue: string): Promise<QueueInfo | undefined>;
  listQueues(vhost: string): Promise<QueueInfo[]>;
  deleteQueue(vhost: string, queue: string): Promise<boolean>;
  purgeQueue(vhost: string, queue: string): Promise<void>;
  /** Reads up to `count` messages; by default they are requeued (a peek). */
  getMessages(
    vhost: string,
    queue: string,
    options?: {
      readonly count?: number;
      readonly ackmode?:
        'ack_requeue_true' | 'ack_requeue_false' | 'reject_requeue_true' | 'reject_requeue_false';
    },
  ): Promise<PeekedMessage[]>;
  /** Raw request for anything not covered above (path below /api); never throws on an HTTP status. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

const q = encodeURIComponent;

export function createManagementClient(options: ManagementClientOptions | BrokerEndpoints): ManagementClient {
  const config: ManagementClientOptions =
    'managementUrl' in options
      ? { url: options.managementUrl, user: options.adminUser, password: options.adminPassword }
      : options;
  const base = `${config.url.replace(/\/+$/, '')}/api`;
  const doFetch = config.fetch ?? fetch;
  const authorization = basicAuth(config.user, config.password);

  async function call(
    method: string,
    path: string,
    ok: readonly number[] | 'any',
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      const init: RequestInit = {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      response = await doFetch(`${base}${path}`, init);
    } catch (error) {
      throw new ManagementApiError({ method, path, cause: error });
    }
    const text = await response.text();
    if (ok !== 'any' && !ok.includes(response.status))
      throw new ManagementApiError({ method, path, status: response.status, body: text.slice(0, 500) });
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  return {
    overview: async () => (await call('GET', '/overview', [200])).body as Record<string, unknown>,
    putVhost: async (vhost) => (await call('PUT', `/vhosts/${q(vhost)}`, [201, 204])).status === 201,
    deleteVhost: async (vhost) => (await call('DELETE', `/vhosts/${q(vhost)}`, [204, 404])).status === 204,
    listVhosts: async () =>
      ((await call('GET', '/vhosts', [200])).body as { name: string }[]).map((v) => v.name),
    putUser: async (user, password, tags = []) =>
      (await call('PUT', `/users/${q(user)}`, [201, 204], { password, tags: tags.join(',') })).status === 201,
    deleteUser: async (user) => (await call('DELETE', `/users/${q(user)}`, [204, 404])).status === 204,
    getUser: async (user) => {
      const result = await call('GET', `/users/${q(user)}`, [200, 404]);
      return result.status === 200 ? (result.body as Record<string, unknown>) : undefined;
    },
    setPermissions: async (vhost, user, permissions = { configure: '.*', write: '.*', read: '.*' }) => {
      await call('PUT', `/permissions/${q(vhost)}/${q(user)}`, [201, 204], permissions);
    },
    getPermissions: async (vhost, user) => {
      const result = await call('GET', `/permissions/${q(vhost)}/${q(user)}`, [200, 404]);
      if (result.status === 404) return undefined;
      const { configure, write, read } = result.body as Permissions;
      return { configure, write, read };
    },
    listVhostPermissions: async (vhost) =>
      ((await call('GET', `/vhosts/${q(vhost)}/permissions`, [200])).body as { user: string }[]).map(
        (p) => p.user,
      ),
    putQueue: async (vhost, queue, queueOptions = {}) =>
      (
        await call('PUT', `/queues/${q(vhost)}/${q(queue)}`, [201, 204], {
          durable: queueOptions.durable ?? true,
          auto_delete: queueOptions.autoDelete ?? false,
          arguments: queueOptions.arguments ?? {},
        })
      ).status === 201,
    getQueue: async (vhost, queue) => {
      const result = await call('GET', `/queues/${q(vhost)}/${q(queue)}`, [200, 404]);
      return result.status === 200 ? (result.body as QueueInfo) : undefined;
    },
    listQueues: async (vhost) => (await call('GET', `/queues/${q(vhost)}`, [200])).body as QueueInfo[],
    deleteQueue: async (vhost, queue) =>
      (await call('DELETE', `/queues/${q(vhost)}/${q(queue)}`, [204, 404])).status === 204,
    purgeQueue: async (vhost, queue) => {
      await call('DELETE', `/queues/${q(vhost)}/${q(queue)}/contents`, [204]);
    },
    getMessages: async (vhost, queue, getOptions = {}) =>
      (
        await call('POST', `/queues/${q(vhost)}/${q(queue)}/get`, [200], {
          count: getOptions.count ?? 1,
          ackmode: getOptions.ackmode ?? 'ack_requeue_true',
          encoding: 'auto',
        })
      ).body as PeekedMessage[],
    request: (method, path, body) => call(method, path, 'any', body),
  };
}
