// The stream each fault case runs while its fault happens: Create orders, Update orders on a pool of existing
// resources (one lane per resource, each waiting for its previous order), Terminate orders of resources this
// stream created, and project role grants/revokes, all through the publisher's REST API as Waldur users do.
// Every request is recorded as confirmed (2xx) or indeterminate (no answer: the publisher was down), as Jepsen
// classifies operations; only confirmed ones count as events and can be lost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Member } from './world.js';
import type { WaldurRest } from './waldur-rest.js';

export type OrderKind = 'Create' | 'Update' | 'Terminate';

export interface OrderRecord {
  readonly kind: OrderKind;
  readonly uuid: string;
  readonly resourceUuid: string;
  /** Attributes name of a Create (unique per stream), else ''. */
  readonly name: string;
  readonly limits: Readonly<Record<string, number>>;
  /** Created and approved by the consumer with 2xx answers. */
  confirmed: boolean;
  readonly submittedAt: number;
}

export interface RoleRecord {
  readonly memberId: string;
  readonly granted: boolean;
  readonly at: number;
}

export interface WorkloadPlan {
  readonly label: string;
  readonly creates: number;
  readonly updates: number;
  readonly terminates: number;
  readonly roleChanges: number;
  /** Creates and role changes are spread over about this long. */
  readonly spreadMs: number;
}

export interface WorkloadTargets {
  readonly consumer: WaldurRest;
  /** Grants/revokes roles (staff). */
  readonly staff: WaldurRest;
  readonly offeringId: string;
  readonly projectId: string;
  readonly teamProjectId: string;
  /** Resources (in `projectId`, state OK) the Update lanes change. */
  readonly updatePool: readonly string[];
  readonly members: readonly Member[];
  /** The members' current PROJECT.MEMBER grants on the team project (kept up to date by the stream). */
  readonly granted: Map<string, boolean>;
  /** Reads a member's grant from the database (after an unanswered or refused request). */
  readonly isGranted: (memberId: string) => Promise<boolean>;
}

export interface WorkloadResult {
  readonly orders: readonly OrderRecord[];
  readonly roles: readonly RoleRecord[];
  /** Requests without an answer (publisher down): their outcome is unknown and not counted. */
  readonly indeterminate: number;
  /** Requests the publisher refused (4xx): not counted either. */
  readonly refused: number;
}

const TERMINAL = new Set(['done', 'erred', 'canceled', 'rejected']);

export class Workload {
  readonly orders: OrderRecord[] = [];
  readonly roles: RoleRecord[] = [];
  private submitted = 0;
  private indeterminate = 0;
  private refused = 0;
  private readonly total: number;
  private readonly waiters: { fraction: number; resolve: () => void }[] = [];

  constructor(
    readonly plan: WorkloadPlan,
    private readonly t: WorkloadTargets,
    private readonly random: () => number = Math.random,
  ) {
    this.total = plan.creates + plan.updates + plan.terminates + plan.roleChanges;
  }

  /** Resolves once `fraction` of the planned requests were sent (the moment a case injects its fault). */
  reached(fraction: number): Promise<void> {
    if (this.submitted >= fraction * this.total) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ fraction, resolve }));
  }

  private tick(): void {
    this.submitted += 1;
    for (const w of [...this.waiters]) {
      if (this.submitted >= w.fraction * this.total) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  async run(): Promise<WorkloadResult> {
    const pool = this.t.updatePool;
    const perLane = pool.length === 0 ? 0 : Math.ceil(this.plan.updates / pool.length);
    let updatesLeft = this.plan.updates;
    const lanes: Promise<void>[] = [this.createLane(), this.roleLane(), this.terminateLane()];
    for (const resource of pool) {
      const n = Math.min(perLane, updatesLeft);
      updatesLeft -= n;
      lanes.push(this.updateLane(resource, n));
    }
    await Promise.all(lanes);
    for (const w of this.waiters.splice(0)) w.resolve();
    return {
      orders: this.orders,
      roles: this.roles,
      indeterminate: this.indeterminate,
      refused: this.refused,
    };
  }

  private pace(count: number): number {
    return count === 0 ? 0 : this.plan.spreadMs / count;
  }

  /** POST that tells "no answer" apart from an answer. */
  private async post(
    client: WaldurRest,
    path: string,
    body: unknown,
  ): Promise<{ status: number; body: unknown } | 'no-answer'> {
    try {
      return await client.call('POST', path, body);
    } catch {
      return 'no-answer';
    }
  }

  private limits(): Record<string, number> {
    return { cpu: 1 + Math.floor(this.random() * 50), mem: 1 + Math.floor(this.random() * 50) };
  }

  /** Creates the order and approves it as the consumer; retries the approval while the publisher is away. */
  private async submitOrder(
    kind: OrderKind,
    body: Record<string, unknown>,
    name: string,
  ): Promise<OrderRecord | undefined> {
    const c = this.t.consumer;
    const created = await this.post(c, '/marketplace-orders/', {
      offering: c.url('marketplace-public-offerings', this.t.offeringId),
      project: c.url('projects', this.t.projectId),
      type: kind,
      ...body,
    });
    this.tick();
    if (created === 'no-answer') {
      this.indeterminate += 1;
      return undefined;
    }
    if (created.status !== 201) {
      this.refused += 1;
      return undefined;
    }
    const order = created.body as {
      uuid: string;
      marketplace_resource_uuid: string;
      limits?: Record<string, number>;
    };
    const record: OrderRecord = {
      kind,
      uuid: order.uuid,
      resourceUuid: order.marketplace_resource_uuid,
      name,
      limits: (body.limits as Record<string, number> | undefined) ?? {},
      confirmed: false,
      submittedAt: Date.now(),
    };
    this.orders.push(record);
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const approved = await this.post(c, `/marketplace-orders/${order.uuid}/approve_by_consumer/`, {});
      if (approved !== 'no-answer' && approved.status === 200) {
        record.confirmed = true;
        return record;
      }
      if (approved !== 'no-answer') {
        // Refused: only fine if an earlier, unanswered approval went through.
        const state = await this.orderState(order.uuid);
        record.confirmed = state !== undefined && state !== 'pending-consumer';
        if (!record.confirmed) this.refused += 1;
        return record;
      }
      await sleep(500);
    }
    this.indeterminate += 1;
    return record;
  }

  private async orderState(uuid: string): Promise<string | undefined> {
    try {
      const r = await this.t.consumer.call('GET', `/marketplace-orders/${uuid}/`);
      return r.status === 200 ? (r.body as { state: string }).state : undefined;
    } catch {
      return undefined;
    }
  }

  private async waitTerminal(uuid: string, timeoutMs = 180_000): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const state = await this.orderState(uuid);
      if (state !== undefined && TERMINAL.has(state)) return state;
      await sleep(700);
    }
    return undefined;
  }

  private async createLane(): Promise<void> {
    const pace = this.pace(this.plan.creates);
    for (let i = 0; i < this.plan.creates; i += 1) {
      const name = `${this.plan.label} c${i}`;
      await this.submitOrder('Create', { limits: this.limits(), attributes: { name } }, name);
      await sleep(pace);
    }
  }

  private async updateLane(resourceUuid: string, count: number): Promise<void> {
    let previous: string | undefined;
    for (let i = 0; i < count; i += 1) {
      if (previous !== undefined) await this.waitTerminal(previous);
      const c = this.t.consumer;
      const record = await this.submitOrder(
        'Update',
        { resource: c.url('marketplace-resources', resourceUuid), limits: this.limits() },
        '',
      );
      // Only a confirmed order ever ends: waiting on one the consumer never approved (its approval was refused
      // during an outage) would stall this lane for waitTerminal's whole timeout.
      previous = record?.confirmed === true ? record.uuid : undefined;
    }
  }

  /** Terminates the first `terminates` resources this stream created, each once its Create is done. */
  private async terminateLane(): Promise<void> {
    let done = 0;
    for (let index = 0; done < this.plan.terminates; index += 1) {
      while (this.orders.filter((o) => o.kind === 'Create' && o.confirmed).length <= index) {
        if (this.orders.filter((o) => o.kind === 'Create').length >= this.plan.creates) return;
        await sleep(200);
      }
      const create = this.orders.filter((o) => o.kind === 'Create' && o.confirmed)[index];
      if (create === undefined) return;
      if ((await this.waitTerminal(create.uuid)) !== 'done') continue;
      const c = this.t.consumer;
      await this.submitOrder(
        'Terminate',
        { resource: c.url('marketplace-resources', create.resourceUuid) },
        '',
      );
      done += 1;
    }
  }

  private async roleLane(): Promise<void> {
    const pace = this.pace(this.plan.roleChanges);
    const members = this.t.members;
    for (let i = 0; i < this.plan.roleChanges && members.length > 0; i += 1) {
      const member = members[Math.floor(this.random() * members.length)] ?? members[0];
      if (member === undefined) break;
      const granted = this.t.granted.get(member.id) === true;
      const s = this.t.staff;
      const result = await this.post(
        s,
        `/projects/${this.t.teamProjectId}/${granted ? 'delete_user' : 'add_user'}/`,
        {
          role: 'PROJECT.MEMBER',
          user: s.url('users', member.id),
        },
      );
      this.tick();
      if (result !== 'no-answer' && (result.status === 200 || result.status === 201)) {
        this.t.granted.set(member.id, !granted);
        this.roles.push({ memberId: member.id, granted: !granted, at: Date.now() });
      } else {
        if (result === 'no-answer') this.indeterminate += 1;
        else this.refused += 1;
        this.t.granted.set(member.id, await this.t.isGranted(member.id).catch(() => granted));
      }
      await sleep(pace);
    }
  }
}
