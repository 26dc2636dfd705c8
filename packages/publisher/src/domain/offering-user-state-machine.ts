// Offering-user account lifecycle driven by the provider (the agent) through state actions on
// /api/marketplace-offering-users/{uuid}/<action>/. Invalid sources are a 409, like order transitions.
import type { OfferingUserState } from '@waldur-sim/protocol';

export type OfferingUserAction =
  | 'begin_creating'
  | 'set_ok'
  | 'set_error_creating'
  | 'set_pending_account_linking'
  | 'set_pending_additional_validation'
  | 'set_validation_complete'
  | 'request_deletion'
  | 'set_deleting'
  | 'set_deleted'
  | 'set_error_deleting';

interface Transition {
  readonly from: readonly OfferingUserState[];
  readonly to: OfferingUserState;
}

export const OFFERING_USER_TRANSITIONS: Readonly<Record<OfferingUserAction, Transition>> = Object.freeze({
  begin_creating: { from: ['Requested', 'Error creating'], to: 'Creating' },
  set_ok: {
    from: [
      'Requested',
      'Creating',
      'Pending account linking',
      'Pending additional validation',
      'Error creating',
    ],
    to: 'OK',
  },
  set_error_creating: { from: ['Requested', 'Creating'], to: 'Error creating' },
  set_pending_account_linking: {
    from: ['Requested', 'Creating', 'Error creating'],
    to: 'Pending account linking',
  },
  set_pending_additional_validation: {
    from: ['Requested', 'Creating', 'Error creating'],
    to: 'Pending additional validation',
  },
  // Validation done: back to Requested so the agent creates the account.
  set_validation_complete: {
    from: ['Pending account linking', 'Pending additional validation'],
    to: 'Requested',
  },
  request_deletion: { from: ['OK', 'Error deleting'], to: 'Requested deletion' },
  set_deleting: { from: ['Requested deletion', 'OK', 'Error deleting'], to: 'Deleting' },
  set_deleted: { from: ['Requested deletion', 'Deleting'], to: 'Deleted' },
  set_error_deleting: { from: ['Requested deletion', 'Deleting'], to: 'Error deleting' },
});

export const OFFERING_USER_ACTIONS = Object.keys(OFFERING_USER_TRANSITIONS) as OfferingUserAction[];

/** Target state, or null when `from` is not a valid source. */
export function offeringUserTarget(action: OfferingUserAction, from: string): OfferingUserState | null {
  const t = OFFERING_USER_TRANSITIONS[action];
  return (t.from as readonly string[]).includes(from) ? t.to : null;
}

/** Waldur's StateValidator text for a rejected action. */
export function offeringUserStateMessage(action: OfferingUserAction): string {
  return `Valid states for operation: ${OFFERING_USER_TRANSITIONS[action].from.join(', ')}.`;
}
