// Membership and per-resource sync (docs/agent.md#membership-sync, real `OfferingMembershipProcessor`): single role changes,
// project/resource resyncs against the Waldur team, the full per-resource sync used by RESOURCE events, start-up
// and offering_resources_sync. Every operation is an "ensure" (check, then change), so repeats are harmless; a
// per-resource failure does not stop the others, but is re-raised at the end so the triggering message is retried.
import type { ProviderResource } from '@waldur-sim/protocol';
import type { Backend } from '../backend/backend.js';
import { BackendError } from '../backend/backend.js';
import { updateOfferingUsers } from '../usernames/update-offering-users.js';
import { OfferingAccounts, syncResourceAccounts, type AccountType } from './account-sync.js';
import { isTransientWaldurError } from '../waldur/waldur-errors.js';
import { errorDetails } from './error-details.js';
import type { OfferingContext } from './offering-context.js';
import { isOwnOffering } from './offering-scope.js';
import { limitsMatch, resourceSpec } from './resource-spec.js';

/** Raised after a batch in which some resources failed (the others were still processed). */
export class PartialFailureError extends Error {
  override readonly name = 'PartialFailureError';
  readonly code = 'ERR_PARTIAL_FAILURE';
  readonly failures: readonly { resource: string; error: unknown }[];

  constructor(what: string, failures: readonly { resource: string; error: unknown }[]) {
    const first = failures[0]?.error;
    super(
      `${what}: ${String(failures.length)} resource(s) failed${first instanceof Error ? ` (first: ${first.message})` : ''}`,
      {
        cause: first,
      },
    );
    this.failures = failures;
  }
}

export class MembershipProcessor {
  constructor(private readonly ctx: OfferingContext) {}

  private get backend(): Backend {
    if (this.ctx.membershipBackend === null) {
      throw new BackendError(
        `Membership sync is disabled for offering ${this.ctx.offering.name}`,
        'ERR_BACKEND_CONFIG',
      );
    }
    return this.ctx.membershipBackend;
  }

  private get offeringUuid(): string {
    return this.ctx.offering.waldur_offering_uuid;
  }

  /** Offering resources in the backend's handled states that have a backend id. */
  private async handledResources(extra: Record<string, string> = {}): Promise<ProviderResource[]> {
    const resources = await this.ctx.api.listResources({
      offering_uuid: this.offeringUuid,
      state: this.backend.handledResourceStates,
      ...extra,
    });
    return resources.filter(
      (r) => r.backend_id !== '' && this.backend.handledResourceStates.includes(r.state),
    );
  }

  private async forEachResource(
    what: string,
    resources: readonly ProviderResource[],
    fn: (r: ProviderResource) => Promise<void>,
  ): Promise<void> {
    const failures: { resource: string; error: unknown }[] = [];
    for (const r of resources) {
      try {
        await this.ctx.locks.run(`resource:${r.uuid}`, () => fn(r));
      } catch (error) {
        this.ctx.log.error(
          { resource: r.uuid, backendId: r.backend_id, err: error },
          `${what} failed for resource`,
        );
        failures.push({ resource: r.uuid, error });
      }
    }
    if (failures.length > 0) throw new PartialFailureError(what, failures);
  }

  private async ensureUser(backendId: string, username: string): Promise<void> {
    const users = await this.backend.listResourceUsers(backendId);
    if (users.includes(username)) return;
    await this.backend.addUser(backendId, username);
  }

  private async ensureNoUser(backendId: string, username: string): Promise<void> {
    const users = await this.backend.listResourceUsers(backendId);
    if (!users.includes(username)) return;
    await this.backend.removeUser(backendId, username);
  }

  /**
   * docs/agent.md#role-change: one user's project role granted or revoked. The message says which user and project changed; whether
   * the user belongs on a resource is read from the resource's team (REST), so a forged, replayed or overtaken
   * message cannot add a user without a role or remove one who has it.
   */
  async processUserRoleChanged(userUuid: string, projectUuid: string, granted: boolean): Promise<void> {
    const query = { offering_uuid: this.offeringUuid, user_uuid: userUuid };
    let offeringUsers = await this.ctx.api.listOfferingUsers(query);
    // docs/agent.md#username-management: a user without a username may get one first, as in the real agent.
    if (await updateOfferingUsers(this.ctx, offeringUsers)) {
      offeringUsers = await this.ctx.api.listOfferingUsers(query);
    }
    const username = offeringUsers.map((u) => u.username ?? '').find((u) => u !== '');
    if (username === undefined) {
      this.ctx.log.info({ user: userUuid }, 'User has no offering user with a username; nothing to do');
      return;
    }
    const resources = await this.handledResources({ project_uuid: projectUuid });
    await this.forEachResource(granted ? 'Adding user' : 'Removing user', resources, async (r) => {
      const member = (await this.ctx.api.getResourceTeam(r.uuid)).some(
        (m) => m.offering_user_username === username,
      );
      if (member !== granted) {
        this.ctx.log.warn(
          { resource: r.uuid, user: userUuid, username, granted, member },
          'Role message disagrees with the resource team in Waldur; following Waldur',
        );
      }
      if (member) {
        if (r.restrict_member_access) {
          this.ctx.log.info({ resource: r.uuid, username }, 'Member access is restricted; not adding user');
          return;
        }
        await this.ensureUser(r.backend_id, username);
      } else {
        await this.ensureNoUser(r.backend_id, username);
      }
    });
  }

  /**
   * docs/agent.md#username-management: the offering's users still waiting for a username get one (the real
   * `_refresh_local_offering_users` of a resync).
   */
  async refreshOfferingUsernames(): Promise<void> {
    const waiting = await this.ctx.api.listOfferingUsers({
      offering_uuid: this.offeringUuid,
      state: [
        'Requested',
        'Creating',
        'Error creating',
        'Pending account linking',
        'Pending additional validation',
      ],
    });
    await updateOfferingUsers(this.ctx, waiting);
  }

  /** docs/agent.md#project-and-resource-resync: resync every resource of a project with its team. */
  async processProjectUserSync(projectUuid: string): Promise<void> {
    await this.refreshOfferingUsernames();
    const resources = await this.handledResources({ project_uuid: projectUuid });
    await this.forEachResource('Project user sync', resources, (r) => this.syncResourceUsers(r));
  }

  /** docs/agent.md#project-and-resource-resync: resync one resource with its team. */
  async processResourceUserSync(resourceUuid: string): Promise<void> {
    const resource = await this.ctx.api.getResource(resourceUuid);
    if (this.isForeign(resource)) return;
    await this.refreshOfferingUsernames();
    if (resource.backend_id === '' || !this.backend.handledResourceStates.includes(resource.state)) {
      this.ctx.log.info(
        { resource: resourceUuid, state: resource.state },
        'Resource not in a handled state; skipping user sync',
      );
      return;
    }
    await this.forEachResource('Resource user sync', [resource], (r) => this.syncResourceUsers(r));
  }

  /** A resource of another offering (named by a forged or misrouted message): logged, never touched. */
  private isForeign(resource: ProviderResource): boolean {
    if (isOwnOffering(this.ctx, resource.offering_uuid)) return false;
    this.ctx.log.warn(
      { resource: resource.uuid, resourceOffering: resource.offering_uuid },
      'Resource belongs to another offering; ignoring the message',
    );
    return true;
  }

  /** Backend users := team offering-user usernames (everyone removed when member access is restricted). */
  async syncResourceUsers(resource: ProviderResource): Promise<void> {
    const backendId = resource.backend_id;
    const current = new Set(await this.backend.listResourceUsers(backendId));
    let wanted = new Set<string>();
    if (!resource.restrict_member_access) {
      const team = await this.ctx.api.getResourceTeam(resource.uuid);
      wanted = new Set(team.map((m) => m.offering_user_username ?? '').filter((u) => u !== ''));
    }
    let removable = (u: string): boolean => !wanted.has(u);
    if (this.ctx.offering.preserve_unmanaged_backend_users) {
      const known = new Set(
        (await this.ctx.api.listOfferingUsers({ offering_uuid: this.offeringUuid }))
          .map((u) => u.username ?? '')
          .filter((u) => u !== ''),
      );
      removable = (u) => !wanted.has(u) && known.has(u);
    }
    for (const username of wanted) {
      if (!current.has(username)) await this.backend.addUser(backendId, username);
    }
    for (const username of current) {
      if (removable(username)) await this.backend.removeUser(backendId, username);
    }
  }

  /** docs/protocol.md#resource / docs/agent.md#full-resource-sync: RESOURCE event — full sync of one resource (limits flow backend → Waldur). */
  async processResourceByUuid(resourceUuid: string): Promise<void> {
    const resource = await this.ctx.api.getResource(resourceUuid);
    if (this.isForeign(resource)) return;
    if (!this.backend.handledResourceStates.includes(resource.state)) {
      this.ctx.log.info(
        { resource: resourceUuid, state: resource.state },
        'Resource state not handled by the backend; skipping',
      );
      return;
    }
    if (resource.backend_id === '') {
      this.ctx.log.info({ resource: resourceUuid }, 'Resource has no backend id yet; skipping');
      return;
    }
    await this.ctx.locks.run(`resource:${resource.uuid}`, () => this.syncResource(resource, false));
  }

  /**
   * docs/protocol.md#offering_resources_sync / docs/agent.md#event-process-main-loop: every handled resource of the offering; with `recreateMissing`, backend accounts deleted behind the
   * agent's back are re-created with the same backend id.
   */
  async processOffering(options: { recreateMissing: boolean }): Promise<void> {
    const resources = await this.handledResources();
    const accounts = this.accounts();
    await this.forEachResource('Resource sync', resources, (r) =>
      this.syncResource(r, options.recreateMissing, accounts),
    );
  }

  /** The offering's account listings for one unit of work. */
  accounts(): OfferingAccounts {
    return new OfferingAccounts(this.ctx.api, this.offeringUuid);
  }

  /** Full per-resource sync (docs/agent.md#full-resource-sync). Non-transient failures mark the resource erred and are re-raised. */
  async syncResource(
    resource: ProviderResource,
    recreateMissing: boolean,
    accounts: OfferingAccounts = this.accounts(),
  ): Promise<void> {
    const backend = this.backend;
    const api = this.ctx.api;
    const spec = resourceSpec(resource);
    const log = this.ctx.log.child({ resource: resource.uuid, backendId: resource.backend_id });
    try {
      const info = await backend.pullResource(resource.backend_id);
      if (info === null) {
        if (!recreateMissing) {
          log.warn('Backend resource is missing; skipping (offering_resources_sync re-creates it)');
          return;
        }
        log.info('Backend resource is missing; re-creating it with the same id');
        const team = await api.getResourceTeam(resource.uuid);
        const usernames = team.map((m) => m.offering_user_username ?? '').filter((u) => u !== '');
        await backend.createResourceWithId(spec, resource.backend_id, { usernames });
      }
      await backend.syncResourceProject(spec);
      await this.syncResourceUsers(resource);
      await syncResourceAccounts(this.ctx, backend, resource, accounts);
      if (resource.paused) await backend.pauseResource(resource.backend_id);
      else if (resource.downscaled) await backend.downscaleResource(resource.backend_id);
      else await backend.restoreResource(resource.backend_id);
      const metadata = await backend.getResourceMetadata(resource.backend_id);
      if (
        JSON.stringify(metadata) !== JSON.stringify(pick(resource.backend_metadata, Object.keys(metadata)))
      ) {
        await api.setResourceBackendMetadata(resource.uuid, { ...resource.backend_metadata, ...metadata });
      }
      const limits = await backend.getResourceLimits(resource.backend_id);
      if (Object.keys(limits).length > 0 && !limitsMatch(limits, resource.limits)) {
        await api.setResourceLimits(
          resource.uuid,
          Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, Math.round(v)])),
        );
      }
      await api.refreshResourceLastSync(resource.uuid);
      if (resource.state === 'Erred') await api.setResourceOk(resource.uuid);
    } catch (err) {
      if (isTransientWaldurError(err)) throw err;
      log.error({ err }, 'Resource sync failed; marking the resource erred');
      try {
        await api.setResourceErred(resource.uuid, errorDetails(err, this.ctx.exposeBackendErrorDetails));
      } catch (inner) {
        log.error({ err: inner }, 'Could not mark the resource erred');
      }
      throw err;
    }
  }

  /**
   * service_account / course_account `create` (docs/protocol.md#service_account-and-course_account): find the account
   * by username in the offering's listing of that type, then add the username to every resource of its project.
   */
  async processAccountCreation(type: AccountType, username: string): Promise<void> {
    const account = await this.accounts().findByUsername(type, username);
    if (account?.project_uuid === undefined) {
      this.ctx.log.info(
        { accountType: type, username },
        'No account with this username in the offering; skipping',
      );
      return;
    }
    const resources = await this.handledResources({ project_uuid: account.project_uuid });
    await this.forEachResource('Adding account', resources, (r) => this.ensureUser(r.backend_id, username));
  }

  /** service_account / course_account `delete`. */
  async processAccountRemoval(projectUuid: string, username: string): Promise<void> {
    const resources = await this.handledResources({ project_uuid: projectUuid });
    await this.forEachResource('Removing account', resources, (r) =>
      this.ensureNoUser(r.backend_id, username),
    );
  }

  /** docs/protocol.md#offering_user username_set: add the new username to the listed resources (fixes the order-before-username race). */
  async processUsernameSet(username: string, resourceBackendIds: readonly string[]): Promise<void> {
    if (username === '') return;
    const wanted = new Set(resourceBackendIds);
    const resources = (
      await this.ctx.api.listResourcesPartial({
        offering_uuid: this.offeringUuid,
        state: ['OK', 'Erred'],
        field: ['uuid', 'backend_id', 'restrict_member_access'],
      })
    ).filter((r) => r.backend_id !== undefined && wanted.has(r.backend_id));
    const failures: { resource: string; error: unknown }[] = [];
    for (const r of resources) {
      if (r.restrict_member_access === true || r.backend_id === undefined) continue;
      const backendId = r.backend_id;
      try {
        await this.ctx.locks.run(`resource:${r.uuid ?? backendId}`, () =>
          this.ensureUser(backendId, username),
        );
      } catch (error) {
        this.ctx.log.error({ backendId, username, err: error }, 'Adding user after username_set failed');
        failures.push({ resource: r.uuid ?? backendId, error });
      }
    }
    if (failures.length > 0) throw new PartialFailureError('username_set', failures);
  }

  /** offering_user create / attribute_update: pass attributes to the backend if it cares (SLURM: no-op). */
  async processUserAttributes(username: string, attributes: Record<string, unknown>): Promise<void> {
    const backend = this.backend;
    if (backend.updateUserAttributes === undefined || username === '') return;
    await backend.updateUserAttributes(username, attributes);
  }
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}
