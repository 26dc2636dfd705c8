// The real agent's `update_offering_users` (common/utils.py; docs/agent.md#username-management), step for step:
// only under the offering's `username_generation_policy: service_provider` with
// `service_provider_can_create_offering_user: true` (other policies are Waldur's job). "Requested" users are moved
// to "Creating" (`begin_creating`) and get a username from the backend (PATCH; Waldur then sets them OK and emits
// `username_set`); users stuck in "Creating", "Error creating" or a pending state are retried ("Error creating"
// first goes back to "Creating", a pending one is released with `set_validation_complete` before the PATCH).
// Differences: the backend name was validated at config load, and a transient Waldur error is re-raised so the
// triggering message is retried (the real agent logs it and moves on).
import type { OfferingUser, OfferingUserState } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import { BackendError } from '../backend/backend.js';
import type { OfferingConfig } from '../config/config-schema.js';
import type { WaldurApi } from '../waldur/waldur-api.js';
import { isTransientWaldurError } from '../waldur/waldur-errors.js';
import { createUsernameBackend } from './username-backends.js';
import {
  AccountLinkingRequiredError,
  AdditionalValidationRequiredError,
  getOrCreateUsername,
  type UsernameBackend,
  type UsernameContext,
} from './username-backend.js';

export interface OfferingUsersDeps {
  readonly offering: OfferingConfig;
  readonly api: WaldurApi;
  readonly log: Logger;
}

const PENDING_STATES: readonly OfferingUserState[] = [
  'Creating',
  'Pending account linking',
  'Pending additional validation',
  'Error creating',
];
const VALIDATION_STATES: readonly OfferingUserState[] = [
  'Pending account linking',
  'Pending additional validation',
];

/** True when some username was set (the caller re-reads its offering users). */
export async function updateOfferingUsers(
  deps: OfferingUsersDeps,
  offeringUsers: readonly OfferingUser[],
): Promise<boolean> {
  if (offeringUsers.length === 0) return false;
  const pluginOptions = await deps.api.getOfferingPluginOptions(deps.offering.waldur_offering_uuid);
  if (!canGenerateUsernames(deps, pluginOptions)) return false;
  const backend = createUsernameBackend(deps.offering.username_management_backend);
  if (backend === null) return false;
  const requested = offeringUsers.filter((u) => u.state === 'Requested');
  const pending = offeringUsers.filter((u) => PENDING_STATES.includes(u.state));
  const run = new UsernameRun(deps, backend, pluginOptions);
  let changed = false;
  for (const user of requested) changed = (await run.processRequested(user)) || changed;
  for (const user of pending) changed = (await run.processPending(user)) || changed;
  return changed;
}

/** The real `_can_generate_usernames`: the agent only generates under the service_provider policy. */
function canGenerateUsernames(deps: OfferingUsersDeps, pluginOptions: Record<string, unknown>): boolean {
  if (pluginOptions.username_generation_policy !== 'service_provider') return false;
  if (pluginOptions.service_provider_can_create_offering_user === true) return true;
  deps.log.error(
    { offering: deps.offering.waldur_offering_uuid },
    "Offering uses the 'service_provider' username generation policy but " +
      "'service_provider_can_create_offering_user' is not true in plugin_options; no usernames are generated",
  );
  return false;
}

class UsernameRun {
  private taken: Set<string> | undefined;
  private readonly context: UsernameContext;

  constructor(
    private readonly deps: OfferingUsersDeps,
    private readonly backend: UsernameBackend,
    pluginOptions: Record<string, unknown>,
  ) {
    this.context = {
      pluginOptions,
      takenUsernames: async () => {
        this.taken ??= new Set(
          await this.deps.api.listOfferingUsernames(this.deps.offering.waldur_offering_uuid),
        );
        return this.taken;
      },
    };
  }

  private get api(): WaldurApi {
    return this.deps.api;
  }

  async processRequested(user: OfferingUser): Promise<boolean> {
    try {
      this.deps.log.info({ offeringUser: user.uuid }, 'Setting offering user state to Creating');
      await this.api.offeringUserAction(user.uuid, 'begin_creating');
      return await this.setUsername(user);
    } catch (err) {
      if (err instanceof AccountLinkingRequiredError || err instanceof AdditionalValidationRequiredError) {
        await this.park(user, err);
        return false;
      }
      if (isTransientWaldurError(err)) throw err;
      if (err instanceof BackendError) await this.setErrorCreating(user);
      this.logFailure(user, err);
      return false;
    }
  }

  async processPending(user: OfferingUser): Promise<boolean> {
    try {
      if (user.state === 'Error creating') {
        this.deps.log.info({ offeringUser: user.uuid }, 'Re-creating offering user from Error creating');
        await this.api.offeringUserAction(user.uuid, 'begin_creating');
      }
      return await this.setUsername(user);
    } catch (err) {
      if (err instanceof AccountLinkingRequiredError) {
        if (user.state === 'Pending account linking') this.deps.log.info('Account linking still pending');
        else await this.park(user, err);
        return false;
      }
      if (err instanceof AdditionalValidationRequiredError) {
        if (user.state === 'Pending additional validation') this.deps.log.info('Validation still pending');
        else await this.park(user, err);
        return false;
      }
      if (isTransientWaldurError(err)) throw err;
      if (err instanceof BackendError && (user.state === 'Creating' || user.state === 'Error creating')) {
        await this.setErrorCreating(user);
      }
      this.logFailure(user, err);
      return false;
    }
  }

  /** The real `_update_user_username`. */
  private async setUsername(user: OfferingUser): Promise<boolean> {
    const username = await getOrCreateUsername(this.backend, user, this.context);
    if (username === '') return false;
    this.deps.log.info({ offeringUser: user.uuid, username }, 'Setting offering user username');
    if (VALIDATION_STATES.includes(user.state)) {
      await this.api.offeringUserAction(user.uuid, 'set_validation_complete');
    }
    await this.api.setOfferingUserUsername(user.uuid, username);
    this.taken?.add(username);
    return true;
  }

  private async park(
    user: OfferingUser,
    err: AccountLinkingRequiredError | AdditionalValidationRequiredError,
  ): Promise<void> {
    this.deps.log.warn({ offeringUser: user.uuid, reason: err.message }, 'Offering user needs user action');
    const action =
      err instanceof AccountLinkingRequiredError
        ? 'set_pending_account_linking'
        : 'set_pending_additional_validation';
    await this.api.offeringUserPendingAction(user.uuid, action, {
      comment: err.message,
      ...(err.commentUrl === undefined ? {} : { comment_url: err.commentUrl }),
    });
  }

  /** Best effort, like the real `_set_error_creating`. */
  private async setErrorCreating(user: OfferingUser): Promise<void> {
    try {
      await this.api.offeringUserAction(user.uuid, 'set_error_creating');
    } catch (err) {
      this.deps.log.warn({ offeringUser: user.uuid, err }, 'Could not set the offering user Error creating');
    }
  }

  private logFailure(user: OfferingUser, err: unknown): void {
    this.deps.log.error({ offeringUser: user.uuid, err }, 'Failed to generate a username for offering user');
  }
}
