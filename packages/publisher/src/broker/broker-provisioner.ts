// RabbitMQ provisioning exactly as Waldur's RabbitMQManagementBackend does it (docs/protocol.md#broker-provisioning):
// management HTTP API, basic auth with the admin credentials, names URL-encoded as a whole path segment,
// and the same "success" status codes. Subscriber queues are durable, not auto-delete, with
// SUBSCRIPTION_QUEUE_ARGUMENTS; we also declare the dead-letter queue those arguments route to, so
// rejected/expired messages are kept instead of silently dropped (Waldur relies on it existing).
import { DEAD_LETTER_QUEUE, SUBSCRIPTION_QUEUE_ARGUMENTS } from '@waldur-sim/protocol';
import { BrokerProvisioningError } from './broker-provisioning-error.js';

export interface BrokerProvisioner {
  /** True when the vhost was created by this call (false: it existed). */
  ensureVhost(vhost: string): Promise<boolean>;
  upsertUser(username: string, password: string): Promise<void>;
  /** configure/write/read ".*" on that vhost only. */
  grantVhost(username: string, vhost: string): Promise<void>;
  /**
   * The admin's own ".*" permissions on the vhost. The management API grants them to the creator of a vhost,
   * but only if the creation request runs to the end: one our timeout cut off leaves a vhost in which the
   * admin cannot declare queues (access refused, for good).
   */
  grantAdminVhost(vhost: string): Promise<void>;
  /** The vhost has limits set (false: none, e.g. its creation request was cut off before they were set). */
  hasVhostLimits(vhost: string): Promise<boolean>;
  /** The user exists and has permissions on the vhost (register_event_subscription's staleness check). */
  userHasVhostAccess(username: string, vhost: string): Promise<boolean>;
  /** 404 counts as done. */
  deleteUser(username: string): Promise<void>;
  /** 404 counts as done. */
  deleteVhost(vhost: string): Promise<void>;
  /** Subscriber queue with SUBSCRIPTION_QUEUE_ARGUMENTS, plus the vhost's dead-letter queue. */
  ensureSubscriptionQueue(vhost: string, queue: string): Promise<void>;
  /** 404 counts as done. */
  deleteQueue(vhost: string, queue: string): Promise<void>;
  /** RabbitMQ vhost limits (`max-queues`, `max-connections`); -1 = unlimited. */
  setVhostLimits(vhost: string, limits: VhostLimits): Promise<void>;
  /** RabbitMQ per-user limits (`max-connections`, `max-channels`, RabbitMQ 3.8.10+); -1 = unlimited. */
  setUserLimits(username: string, limits: UserLimits): Promise<void>;
  /**
   * The vhost's operator policy bounding every queue in it (`max-length`, `max-length-bytes`); -1 leaves a
   * bound out. Users cannot override an operator policy: the lower of it and a queue's own argument applies.
   */
  setQueueBounds(vhost: string, bounds: QueueBounds): Promise<void>;
}

export interface VhostLimits {
  readonly maxQueues: number;
  readonly maxConnections: number;
}

export interface QueueBounds {
  readonly maxLength: number;
  readonly maxLengthBytes: number;
}

/** Name of the operator policy each user's vhost gets (docs/guarantees.md#quotas-and-broker-limits). */
export const QUEUE_BOUNDS_POLICY = 'waldur-sim-queue-bounds';

export interface UserLimits {
  readonly maxConnections: number;
  readonly maxChannels: number;
}

export interface ManagementApiOptions {
  /** http://host:15672 (with or without a trailing /api); credentials may be embedded. */
  readonly managementUrl: string;
  /** Admin credentials; default: those embedded in managementUrl. */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly fetch?: typeof fetch;
  /** Per-request timeout (Waldur: 10 s, 60 s for queue deletion). */
  readonly timeoutMs?: number;
}

export interface QueueInfo {
  readonly name: string;
  readonly vhost: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly arguments: Record<string, unknown>;
  readonly messages?: number;
}

export interface PermissionInfo {
  readonly user: string;
  readonly vhost: string;
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

/** Python's urllib.parse.quote(name, safe=""): like encodeURIComponent, but also escapes !'()*. */
const seg = (name: string): string =>
  encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export class ManagementApiProvisioner implements BrokerProvisioner {
  private readonly base: string;
  private readonly auth: string;
  private readonly adminUser: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: ManagementApiOptions) {
    const u = new URL(opts.managementUrl);
    const username = opts.username ?? decodeURIComponent(u.username);
    const password = opts.password ?? decodeURIComponent(u.password);
    u.username = '';
    u.password = '';
    const path = u.pathname.replace(/\/+$/, '');
    u.pathname = path.endsWith('/api') ? path : `${path}/api`;
    this.base = u.toString().replace(/\/+$/, '');
    this.auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    this.adminUser = username;
    this.fetchFn = opts.fetch ?? fetch;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async ensureVhost(vhost: string): Promise<boolean> {
    const r = await this.call('ensureVhost', 'PUT', `/vhosts/${seg(vhost)}`, undefined, [201, 204]);
    return r.status === 201;
  }

  async upsertUser(username: string, password: string): Promise<void> {
    await this.call('upsertUser', 'PUT', `/users/${seg(username)}`, { password, tags: [] }, [201, 204]);
  }

  async grantVhost(username: string, vhost: string): Promise<void> {
    await this.call(
      'grantVhost',
      'PUT',
      `/permissions/${seg(vhost)}/${seg(username)}`,
      { configure: '.*', write: '.*', read: '.*' },
      [201, 204],
    );
  }

  async grantAdminVhost(vhost: string): Promise<void> {
    await this.grantVhost(this.adminUser, vhost);
  }

  async hasVhostLimits(vhost: string): Promise<boolean> {
    return Object.keys(await this.getVhostLimits(vhost)).length > 0;
  }

  async userHasVhostAccess(username: string, vhost: string): Promise<boolean> {
    const user = await this.call('getUser', 'GET', `/users/${seg(username)}`, undefined, [200, 404]);
    if (user.status === 404) return false;
    const perms = await this.call(
      'listVhostPermissions',
      'GET',
      `/vhosts/${seg(vhost)}/permissions`,
      undefined,
      [200, 404],
    );
    if (perms.status === 404) return false;
    return (perms.json as PermissionInfo[]).some((p) => p.user === username);
  }

  async deleteUser(username: string): Promise<void> {
    await this.call('deleteUser', 'DELETE', `/users/${seg(username)}`, undefined, [204, 404]);
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.call('deleteVhost', 'DELETE', `/vhosts/${seg(vhost)}`, undefined, [204, 404]);
  }

  async ensureSubscriptionQueue(vhost: string, queue: string): Promise<void> {
    await this.call(
      'createQueue',
      'PUT',
      `/queues/${seg(vhost)}/${seg(queue)}`,
      { durable: true, auto_delete: false, arguments: SUBSCRIPTION_QUEUE_ARGUMENTS },
      [201, 204],
    );
    await this.call(
      'createDeadLetterQueue',
      'PUT',
      `/queues/${seg(vhost)}/${seg(DEAD_LETTER_QUEUE)}`,
      { durable: true, auto_delete: false, arguments: {} },
      [201, 204],
    );
  }

  async deleteQueue(vhost: string, queue: string): Promise<void> {
    await this.call(
      'deleteQueue',
      'DELETE',
      `/queues/${seg(vhost)}/${seg(queue)}`,
      undefined,
      [204, 404],
      60_000,
    );
  }

  async setVhostLimits(vhost: string, limits: VhostLimits): Promise<void> {
    for (const [name, value] of [
      ['max-queues', limits.maxQueues],
      ['max-connections', limits.maxConnections],
    ] as const) {
      await this.call('setVhostLimit', 'PUT', `/vhost-limits/${seg(vhost)}/${name}`, { value }, [201, 204]);
    }
  }

  async setUserLimits(username: string, limits: UserLimits): Promise<void> {
    for (const [name, value] of [
      ['max-connections', limits.maxConnections],
      ['max-channels', limits.maxChannels],
    ] as const) {
      await this.call('setUserLimit', 'PUT', `/user-limits/${seg(username)}/${name}`, { value }, [201, 204]);
    }
  }

  async setQueueBounds(vhost: string, bounds: QueueBounds): Promise<void> {
    const definition = Object.fromEntries(
      (
        [
          ['max-length', bounds.maxLength],
          ['max-length-bytes', bounds.maxLengthBytes],
        ] as const
      ).filter(([, value]) => value >= 0),
    );
    const path = `/operator-policies/${seg(vhost)}/${seg(QUEUE_BOUNDS_POLICY)}`;
    if (Object.keys(definition).length === 0) {
      await this.call('deleteOperatorPolicy', 'DELETE', path, undefined, [204, 404]);
      return;
    }
    await this.call(
      'setOperatorPolicy',
      'PUT',
      path,
      { pattern: '.*', 'apply-to': 'queues', priority: 0, definition },
      [201, 204],
    );
  }

  // ---- read helpers (monitoring, tests) -------------------------------------------------------

  async getQueue(vhost: string, queue: string): Promise<QueueInfo | null> {
    const r = await this.call(
      'getQueue',
      'GET',
      `/queues/${seg(vhost)}/${seg(queue)}`,
      undefined,
      [200, 404],
    );
    return r.status === 404 ? null : (r.json as QueueInfo);
  }

  async listVhostPermissions(vhost: string): Promise<PermissionInfo[]> {
    const r = await this.call(
      'listVhostPermissions',
      'GET',
      `/vhosts/${seg(vhost)}/permissions`,
      undefined,
      [200, 404],
    );
    return r.status === 404 ? [] : (r.json as PermissionInfo[]);
  }

  /** The vhost's limits as the management API reports them, e.g. `{ 'max-queues': 2048 }`. */
  async getVhostLimits(vhost: string): Promise<Record<string, number>> {
    const r = await this.call('getVhostLimits', 'GET', `/vhost-limits/${seg(vhost)}`, undefined, [200, 404]);
    const rows = r.status === 404 ? [] : (r.json as { value?: Record<string, number> }[]);
    return rows[0]?.value ?? {};
  }

  /** The broker user's limits as the management API reports them, e.g. `{ 'max-connections': 256 }`. */
  async getUserLimits(username: string): Promise<Record<string, number>> {
    const r = await this.call('getUserLimits', 'GET', `/user-limits/${seg(username)}`, undefined, [200, 404]);
    const rows = r.status === 404 ? [] : (r.json as { value?: Record<string, number> }[]);
    return rows[0]?.value ?? {};
  }

  /** The definition of the vhost's queue-bounds operator policy, or null without one. */
  async getQueueBounds(vhost: string): Promise<Record<string, number> | null> {
    const r = await this.call(
      'getOperatorPolicy',
      'GET',
      `/operator-policies/${seg(vhost)}/${seg(QUEUE_BOUNDS_POLICY)}`,
      undefined,
      [200, 404],
    );
    return r.status === 404 ? null : (r.json as { definition: Record<string, number> }).definition;
  }

  async vhostExists(vhost: string): Promise<boolean> {
    const r = await this.call('getVhost', 'GET', `/vhosts/${seg(vhost)}`, undefined, [200, 404]);
    return r.status === 200;
  }

  async userExists(username: string): Promise<boolean> {
    const r = await this.call('getUser', 'GET', `/users/${seg(username)}`, undefined, [200, 404]);
    return r.status === 200;
  }

  private async call(
    operation: string,
    method: string,
    path: string,
    body: unknown,
    ok: readonly number[],
    timeoutMs = this.timeoutMs,
  ): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, {
        method,
        headers: {
          authorization: this.auth,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new BrokerProvisioningError(
        `RabbitMQ management API ${method} ${path} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        { operation, method, path },
        { cause },
      );
    }
    const text = await res.text().catch(() => '');
    if (!ok.includes(res.status)) {
      throw new BrokerProvisioningError(
        `RabbitMQ management API ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`,
        { operation, method, path, status: res.status, responseBody: text.slice(0, 2000) },
      );
    }
    let json: unknown = null;
    if (text !== '' && res.status === 200) {
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw new BrokerProvisioningError(
          `RabbitMQ management API ${method} ${path}: response is not JSON`,
          { operation, method, path, status: res.status, responseBody: text.slice(0, 2000) },
          { cause },
        );
      }
    }
    return { status: res.status, json };
  }
}
