// The publisher's REST API as the benchmark calls it (Authorization: Token …): the consumer's order calls in
// every latency scenario, and the provider's calls the floor script issues in place of the agent.
import { BenchError } from '../bench-error.js';

export class WaldurRest {
  /** `apiUrl` is `http://host:port/api` (no trailing slash). */
  constructor(
    readonly apiUrl: string,
    readonly token: string,
  ) {}

  ref(kind: string, uuid: string): string {
    return `${this.apiUrl}/${kind}/${uuid}/`;
  }

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Token ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(30_000),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${this.apiUrl}${path}`, init);
    const text = await response.text();
    if (response.status >= 300) {
      throw new BenchError('API_ERROR', `${method} ${path} -> ${response.status}: ${text.slice(0, 400)}`);
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}): Promise<unknown> {
    return this.request('POST', path, body);
  }

  /** POST /marketplace-orders/ (type Create); returns the order and its resource uuid. */
  async createOrder(input: {
    offeringUuid: string;
    projectUuid: string;
    limits: Readonly<Record<string, number>>;
    name: string;
  }): Promise<{ uuid: string; resourceUuid: string }> {
    const order = (await this.post('/marketplace-orders/', {
      offering: this.ref('marketplace-public-offerings', input.offeringUuid),
      project: this.ref('projects', input.projectUuid),
      type: 'Create',
      limits: input.limits,
      attributes: { name: input.name },
    })) as { uuid?: unknown; marketplace_resource_uuid?: unknown };
    if (typeof order.uuid !== 'string' || typeof order.marketplace_resource_uuid !== 'string') {
      throw new BenchError(
        'API_ERROR',
        `order create returned no uuid/marketplace_resource_uuid: ${JSON.stringify(order).slice(0, 300)}`,
      );
    }
    return {
      uuid: order.uuid.replaceAll('-', ''),
      resourceUuid: order.marketplace_resource_uuid.replaceAll('-', ''),
    };
  }

  async approveByConsumer(orderUuid: string): Promise<void> {
    await this.post(`/marketplace-orders/${orderUuid}/approve_by_consumer/`);
  }

  async orderState(orderUuid: string): Promise<string> {
    const order = (await this.get(`/marketplace-orders/${orderUuid}/?field=uuid&field=state`)) as {
      state?: unknown;
    };
    return typeof order.state === 'string' ? order.state : 'unknown';
  }

  async resourceBackendId(resourceUuid: string): Promise<string> {
    const r = (await this.get(`/marketplace-provider-resources/${resourceUuid}/`)) as {
      backend_id?: unknown;
    };
    return typeof r.backend_id === 'string' ? r.backend_id : '';
  }
}
