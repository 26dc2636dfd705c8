// Order processing (docs/agent.md#order-processing, real `OfferingOrderProcessor`): approve or reject pending-provider orders,
// create/update/terminate on the backend, report backend id and limits, then `set_state_done` only if the order is
// still executing. REST is the source of truth: every run re-reads the order, so a redelivered message or a
// concurrent reconciliation never repeats an effect (existing backend resources are detected, not re-created).
// The one effect Waldur cannot vouch for — a backend resource created just before the agent died, whose
// `set_backend_id` never arrived — is covered by the create-intent journal (src/state/create-intent-journal.ts):
// the id is recorded durably before the create, and a later run adopts exactly that account.
import type { Order, OrderState } from '@waldur-sim/protocol';
import type { Backend, CreatedResource, ResourceSpec } from '../backend/backend.js';
import { BackendError, BackendNotReadyError, BackendUnavailableError } from '../backend/backend.js';
import { updateOfferingUsers } from '../usernames/update-offering-users.js';
import { WaldurApiError, isTransientWaldurError } from '../waldur/waldur-errors.js';
import { OfferingAccounts, syncResourceAccounts } from './account-sync.js';
import { errorDetails } from './error-details.js';
import type { OfferingContext } from './offering-context.js';
import { isOwnOffering } from './offering-scope.js';
import { limitsMatch, resourceSpec } from './resource-spec.js';

/** Orders in these states need the agent (order list filter of the real agent). */
export const ACTIONABLE_ORDER_STATES: readonly OrderState[] = ['pending-provider', 'executing'];

export interface OrderRetryOptions {
  /** Total tries of one order on transient failures (real agent: 10). */
  attempts: number;
  /** Wait between tries, ms (real agent: 5000). */
  delayMs: number;
}

export const POLLING_ORDER_RETRY: OrderRetryOptions = Object.freeze({ attempts: 10, delayMs: 5000 });
/** STOMP path: short in-handler retry; the message's own redelivery provides the rest. */
export const EVENT_ORDER_RETRY: OrderRetryOptions = Object.freeze({ attempts: 3, delayMs: 2000 });

export type OrderOutcome = 'done' | 'erred' | 'approved-pending' | 'rejected' | 'skipped' | 'not-ready';

export class OrderProcessor {
  constructor(
    private readonly ctx: OfferingContext,
    private readonly retry: OrderRetryOptions = EVENT_ORDER_RETRY,
  ) {}

  private get backend(): Backend {
    if (this.ctx.orderBackend === null) {
      throw new BackendError(
        `Order processing is disabled for offering ${this.ctx.offering.name}`,
        'ERR_BACKEND_CONFIG',
      );
    }
    return this.ctx.orderBackend;
  }

  /** All pending-provider/executing orders of the offering (start-up catch-up, polling, offering_resources_sync). */
  async processOffering(
    filter: { modifiedBefore?: Date } = {},
  ): Promise<{ processed: number; failed: number }> {
    const orders = await this.ctx.api.listOrders({
      offering_uuid: this.ctx.offering.waldur_offering_uuid,
      state: ACTIONABLE_ORDER_STATES,
      ...(filter.modifiedBefore === undefined
        ? {}
        : { modified_before: filter.modifiedBefore.toISOString() }),
    });
    let failed = 0;
    for (const order of orders) {
      try {
        await this.processOrderByUuid(order.uuid);
      } catch (err) {
        failed += 1;
        this.ctx.log.error({ order: order.uuid, err }, 'Order processing failed');
      }
    }
    return { processed: orders.length, failed };
  }

  /** Serialised per order across the process; re-reads the order first (the message is only a trigger). */
  processOrderByUuid(orderUuid: string): Promise<OrderOutcome> {
    return this.ctx.locks.run(`order:${orderUuid}`, () => this.processWithRetries(orderUuid));
  }

  private async processWithRetries(orderUuid: string): Promise<OrderOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const order = await this.ctx.api.getOrder(orderUuid);
        if (!isOwnOffering(this.ctx, order.offering_uuid)) {
          this.ctx.log.warn(
            { order: orderUuid, orderOffering: order.offering_uuid },
            'Order belongs to another offering; ignoring the message',
          );
          return 'skipped';
        }
        return await this.processOrder(order);
      } catch (err) {
        const transient = isTransientWaldurError(err) || err instanceof BackendUnavailableError;
        if (!transient || attempt >= this.retry.attempts) throw err;
        this.ctx.log.warn(
          { order: orderUuid, attempt, err: (err as Error).message },
          'Transient Waldur or backend error, retrying order',
        );
        await this.ctx.sleep(this.retry.delayMs);
      }
    }
  }

  /** One pass over a freshly read order. Throws transient errors (retry) and pre-provisioning failures. */
  async processOrder(initial: Order): Promise<OrderOutcome> {
    const log = this.ctx.log.child({ order: initial.uuid, type: initial.type });
    let order = initial;
    switch (order.state) {
      case 'executing':
        break;
      case 'pending-provider': {
        const decision = await this.backend.evaluatePendingOrder({ uuid: order.uuid, type: order.type });
        if (decision === 'pending') {
          log.info('Backend keeps the order pending');
          return 'approved-pending';
        }
        if (decision === 'reject') {
          log.info('Rejecting order');
          await this.ctx.api.rejectOrder(order.uuid);
          return 'rejected';
        }
        log.info('Approving order');
        order = await this.approve(order);
        if (order.state !== 'executing') {
          log.warn({ state: order.state }, 'Order is not executing after approval; leaving it');
          return 'approved-pending';
        }
        break;
      }
      case 'done':
      case 'erred':
      case 'canceled':
      case 'rejected':
        log.debug({ state: order.state }, 'Order already finished, skipping');
        return 'skipped';
      default:
        log.warn({ state: order.state }, 'Order is not actionable by the provider, skipping');
        return 'skipped';
    }

    try {
      switch (order.type) {
        case 'Create':
        case 'Restore':
          await this.processCreate(order);
          break;
        case 'Update':
          await this.processUpdate(order);
          break;
        case 'Terminate':
          await this.processTerminate(order);
          break;
      }
      const state = await this.ctx.api.getOrderState(order.uuid);
      if (state === 'executing') {
        await this.ctx.api.setOrderDone(order.uuid);
        log.info('Order done');
      } else {
        log.warn({ state }, 'Order is no longer executing; not marking it done');
      }
    } catch (err) {
      if (err instanceof BackendNotReadyError) {
        log.warn({ err: err.message }, 'Backend not ready; order left untouched');
        return 'not-ready';
      }
      // Transient: leave the order executing; the retry loop, redelivery or reconciliation repeats it.
      if (isTransientWaldurError(err) || err instanceof BackendUnavailableError) throw err;
      log.error({ err }, 'Order failed after provisioning started; marking it erred');
      await this.markErred(order.uuid, err);
      return 'erred';
    }
    if (order.type === 'Create' || order.type === 'Restore') await this.postProcessCreate(order);
    return 'done';
  }

  /** approve_by_provider, then re-read. A 4xx from a concurrent approval is fine if the order moved on. */
  private async approve(order: Order): Promise<Order> {
    try {
      await this.ctx.api.approveOrder(order.uuid);
    } catch (err) {
      if (!(err instanceof WaldurApiError) || err.status >= 500 || err.status === 429) throw err;
      const fresh = await this.ctx.api.getOrder(order.uuid);
      if (fresh.state === 'executing') return fresh;
      throw err;
    }
    return this.ctx.api.getOrder(order.uuid);
  }

  private async markErred(orderUuid: string, err: unknown): Promise<void> {
    const state = await this.ctx.api.getOrderState(orderUuid);
    if (state === 'done') return;
    await this.ctx.api.setOrderErred(orderUuid, errorDetails(err, this.ctx.exposeBackendErrorDetails));
  }

  private async teamUsernames(resourceUuid: string): Promise<string[]> {
    const team = await this.ctx.api.getResourceTeam(resourceUuid);
    const names = team.map((m) => m.offering_user_username ?? '').filter((u) => u !== '');
    return [...new Set(names)];
  }

  private async processCreate(order: Order): Promise<void> {
    const log = this.ctx.log.child({ order: order.uuid, resource: order.marketplace_resource_uuid });
    const resource = await this.ctx.api.getResource(order.marketplace_resource_uuid);
    const spec = resourceSpec(resource, order);
    const backend = this.backend;
    if (spec.backendId !== null) {
      const existing = await backend.pullResource(spec.backendId);
      if (existing !== null) {
        log.info({ backendId: spec.backendId }, 'Backend resource already exists; not creating it again');
        // Waldur holds the id: a journal entry left by a crash right after set_backend_id is no longer needed.
        await this.ctx.intents.release(resource.uuid);
        return;
      }
      log.info({ backendId: spec.backendId }, 'Re-creating backend resource with its known id');
      const usernames = await this.teamUsernames(resource.uuid);
      const created = await backend.createResourceWithId(spec, spec.backendId, { usernames });
      await this.reportLimits(resource.uuid, created.limits);
      return;
    }
    const intent = await this.ctx.intents.get(resource.uuid);
    if (intent !== null && (await this.adopt(order, spec, intent.backendId))) return;
    const usernames = await this.teamUsernames(resource.uuid);
    const created = await backend.createResource(spec, {
      usernames,
      claimBackendId: (backendId) =>
        this.ctx.intents.claim({ resourceUuid: resource.uuid, backendId, orderUuid: order.uuid }),
    });
    log.info({ backendId: created.backendId }, 'Backend resource created');
    this.ctx.crashPoint('backend-create');
    await this.recordBackendId(resource.uuid, created);
  }

  /**
   * A journaled create of this resource whose id never reached Waldur (the agent died or Waldur failed in between).
   * Adopts the account when it exists and no other Waldur resource owns that id; false when there is nothing to adopt
   * (the create never ran), so the caller creates normally.
   */
  private async adopt(order: Order, spec: ResourceSpec, backendId: string): Promise<boolean> {
    const log = this.ctx.log.child({ order: order.uuid, resource: spec.uuid, backendId });
    if ((await this.backend.pullResource(backendId)) === null) {
      log.info('Journaled backend id does not exist; the earlier create did not happen');
      return false;
    }
    const owners = await this.ctx.api.listResources({
      offering_uuid: this.ctx.offering.waldur_offering_uuid,
      backend_id: backendId,
    });
    const other = owners.find((r) => r.uuid !== spec.uuid);
    if (other !== undefined) {
      // The id was free when this agent claimed it, so someone else created it afterwards: not ours to adopt.
      log.warn(
        { owner: other.uuid },
        'Journaled backend id belongs to another Waldur resource; creating a new one',
      );
      await this.ctx.intents.release(spec.uuid);
      return false;
    }
    log.info('Adopting the backend resource this agent created before it could report it');
    const usernames = await this.teamUsernames(spec.uuid);
    const created = await this.backend.createResourceWithId(spec, backendId, {
      usernames,
      adoptExisting: true,
    });
    await this.recordBackendId(spec.uuid, created);
    return true;
  }

  /** set_backend_id, then drop the journal entry (Waldur now holds the id), then set_limits. */
  private async recordBackendId(resourceUuid: string, created: CreatedResource): Promise<void> {
    await this.ctx.api.setResourceBackendId(resourceUuid, created.backendId);
    await this.ctx.intents.release(resourceUuid);
    await this.reportLimits(resourceUuid, created.limits);
  }

  private async reportLimits(resourceUuid: string, limits: Record<string, number>): Promise<void> {
    if (Object.keys(limits).length === 0) return;
    const ints = Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, Math.round(v)]));
    await this.ctx.api.setResourceLimits(resourceUuid, ints);
  }

  private async processUpdate(order: Order): Promise<void> {
    const resource = await this.ctx.api.getResource(order.marketplace_resource_uuid);
    if (resource.backend_id === '')
      throw new BackendError(`Resource ${resource.uuid} has no backend id; cannot update limits`);
    const wanted = order.limits;
    if (Object.keys(wanted).length === 0) {
      this.ctx.log.info({ order: order.uuid }, 'Update order carries no limits; nothing to change');
      return;
    }
    const current = await this.backend.getResourceLimits(resource.backend_id);
    if (limitsMatch(wanted, current)) {
      this.ctx.log.info({ order: order.uuid, limits: wanted }, 'Backend limits already match the order');
      return;
    }
    await this.backend.setResourceLimits(resource.backend_id, wanted);
  }

  /** The real `_add_users_to_resource` first runs `update_offering_users` on the team's offering users. */
  private async generateTeamUsernames(resourceUuid: string): Promise<void> {
    const team = new Set((await this.ctx.api.getResourceTeam(resourceUuid)).map((m) => m.uuid));
    const offeringUsers = (
      await this.ctx.api.listOfferingUsers({ offering_uuid: this.ctx.offering.waldur_offering_uuid })
    ).filter((u) => team.has(u.user_uuid));
    await updateOfferingUsers(this.ctx, offeringUsers);
  }

  private async processTerminate(order: Order): Promise<void> {
    const resource = await this.ctx.api.getResource(order.marketplace_resource_uuid);
    if (resource.backend_id === '') {
      this.ctx.log.warn({ order: order.uuid }, 'Resource has no backend id; nothing to delete');
      return;
    }
    const projectSlug = order.project_slug ?? resource.project_slug;
    if ((await this.backend.pullResource(resource.backend_id)) === null) {
      this.ctx.log.info({ backendId: resource.backend_id }, 'Backend resource already gone');
      return;
    }
    await this.backend.deleteResource(resource.backend_id, { projectSlug });
  }

  /**
   * After done: team members without a username may get one (docs/agent.md#username-management), then the team's
   * offering users are added, then the project's service and course accounts (best effort, like the real
   * `_post_process_order`; docs/protocol.md#service_account-and-course_account).
   */
  private async postProcessCreate(order: Order): Promise<void> {
    try {
      const resource = await this.ctx.api.getResource(order.marketplace_resource_uuid);
      await this.generateTeamUsernames(resource.uuid);
      if (resource.backend_id === '') return;
      if (!resource.restrict_member_access) {
        const usernames = await this.teamUsernames(resource.uuid);
        const present = new Set(await this.backend.listResourceUsers(resource.backend_id));
        for (const username of usernames) {
          if (present.has(username)) continue;
          await this.backend.addUser(resource.backend_id, username);
        }
      }
      const accounts = new OfferingAccounts(this.ctx.api, this.ctx.offering.waldur_offering_uuid);
      await syncResourceAccounts(this.ctx, this.backend, resource, accounts);
    } catch (err) {
      this.ctx.log.warn(
        { order: order.uuid, err },
        'Post-processing of the order failed; membership sync will repair it',
      );
    }
  }
}
