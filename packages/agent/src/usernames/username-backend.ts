// The username management backend interface of the real agent (`AbstractUsernameManagementBackend`,
// docs/agent.md#username-management): a backend may know a user's existing username (`getUsername`) or make one
// (`generateUsername`); "" means "no username", and the offering user is left as it is. A backend may instead ask
// Waldur to park the user (account linking, extra validation) by throwing one of the errors below.
import type { OfferingUser } from '@waldur-sim/protocol';

/** What a backend may consult besides the offering user; read lazily so `base` costs no extra REST call. */
export interface UsernameContext {
  /** The offering's `plugin_options` (already read by the caller). */
  readonly pluginOptions: Readonly<Record<string, unknown>>;
  /** Usernames held by the offering's other offering users, plus those given out earlier in this run. */
  takenUsernames(): Promise<ReadonlySet<string>>;
}

export interface UsernameBackend {
  /** The `username_management_backend` name it is selected by. */
  readonly name: string;
  /** An existing username in the site's identity provider, or null. */
  getUsername(offeringUser: OfferingUser, context: UsernameContext): Promise<string | null>;
  /** A new username, or "" for none. */
  generateUsername(offeringUser: OfferingUser, context: UsernameContext): Promise<string>;
}

/** The real `get_or_create_username`: the existing username if the backend knows one, else a generated one. */
export async function getOrCreateUsername(
  backend: UsernameBackend,
  offeringUser: OfferingUser,
  context: UsernameContext,
): Promise<string> {
  const existing = await backend.getUsername(offeringUser, context);
  if (existing !== null && existing !== '') return existing;
  return backend.generateUsername(offeringUser, context);
}

interface PendingOptions {
  readonly commentUrl?: string;
  readonly cause?: unknown;
}

/** The backend cannot name the user until the user acts; Waldur shows `message` (and `commentUrl`) to them. */
export abstract class UserActionRequiredError extends Error {
  abstract readonly code: string;
  readonly commentUrl: string | undefined;
  constructor(message: string, options: PendingOptions = {}) {
    super(message, { cause: options.cause });
    this.commentUrl = options.commentUrl;
  }
}

/** The user must link an existing account first (Waldur state "Pending account linking"). */
export class AccountLinkingRequiredError extends UserActionRequiredError {
  override readonly name = 'AccountLinkingRequiredError';
  readonly code = 'ERR_ACCOUNT_LINKING_REQUIRED';
}

/** The site needs more from the user first (Waldur state "Pending additional validation"). */
export class AdditionalValidationRequiredError extends UserActionRequiredError {
  override readonly name = 'AdditionalValidationRequiredError';
  readonly code = 'ERR_ADDITIONAL_VALIDATION_REQUIRED';
}
