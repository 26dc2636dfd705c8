// Drives the publisher's REST API the way a Waldur user does (consumer creates and approves orders, staff changes
// roles), and reads back what the tests assert on. Each call goes through the shared harness's client for the
// given token; the tests address paths relative to `api` (which ends with a slash).
import { waitFor, WaldurRestClient } from '@waldur-sim/harness';
import { expect } from 'vitest';

export interface RestBody {
  uuid: string;
  state: string;
  backend_id: string;
  marketplace_resource_uuid: string;
  project_uuid: string;
  project_slug: string;
  limits: Record<string, number>;
}

export class WaldurRest {
  constructor(readonly api: string) {}

  async call(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: RestBody }> {
    const client = new WaldurRestClient(this.api.replace(/\/$/, ''), token);
    const res = await client.call(method, `/${path}`, body);
    return { status: res.status, body: (res.body ?? {}) as RestBody };
  }

  async orderState(token: string, uuid: string): Promise<string> {
    return (await this.call(token, 'GET', `marketplace-orders/${uuid}/`)).body.state;
  }

  /** Consumer creates the order for the seeded offering/project/plan and approves it as consumer. */
  async createAndApproveOrder(
    consumerToken: string,
    world: { offeringUuid: string; projectUuid: string; planUuid: string },
    body: Record<string, unknown>,
  ): Promise<{ uuid: string; resourceUuid: string }> {
    const created = await this.call(consumerToken, 'POST', 'marketplace-orders/', {
      offering: `${this.api}marketplace-provider-offerings/${world.offeringUuid}/`,
      project: `${this.api}projects/${world.projectUuid}/`,
      plan: `${this.api}marketplace-plans/${world.planUuid}/`,
      ...body,
    });
    expect(created.status).toBe(201);
    const approved = await this.call(
      consumerToken,
      'POST',
      `marketplace-orders/${created.body.uuid}/approve_by_consumer/`,
      {},
    );
    expect(approved.status).toBe(200);
    return { uuid: created.body.uuid, resourceUuid: created.body.marketplace_resource_uuid };
  }

  async waitForOrderFinished(token: string, uuid: string, timeoutMs = 30_000): Promise<string> {
    return waitFor(
      `order ${uuid} finished by the agent`,
      async () => {
        const state = await this.orderState(token, uuid);
        return ['done', 'erred', 'rejected', 'canceled'].includes(state) && state;
      },
      { timeoutMs },
    );
  }
}
