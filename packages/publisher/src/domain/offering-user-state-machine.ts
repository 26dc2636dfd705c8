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

// Sources and targets of Waldur's OfferingUser FSM (marketplace/models.py: OfferingUser, django-fsm transitions).
export const OFFERING_USER_TRANSITIONS: Readonly<Record<OfferingUserAction, Transition>> = Object.freeze({
  begin_creating: { from: ['Requested', 'Error creating'], to: 'Creating' },
  set_ok: {
    from: [
      'Requested',
      'Creating',
      'Pending account linking',
      'Pending additional validation',
      'Error creating',
      'Error deleting',
      'Requested deletion',
      'Deleting',
    ],
    to: 'OK',
  },
  set_error_creating: {
    from: ['Requested', 'Creating', 'Pending account linking', 'Pending additional validation'],
    to: 'Error creating',
  },
  set_pending_account_linking: {
    from: ['Creating', 'Error creating', 'Pending additional validation'],
    to: 'Pending account linking',
  },
  set_pending_additional_validation: {
    from: ['Creating', 'Error creating', 'Pending account linking'],
    to: 'Pending additional validation',
  },
  // Validation done: OK, and the provider's comment is cleared.
  set_validation_complete: {
    from: ['Pending account linking', 'Pending additional validation'],
    to: 'OK',
  },
  request_deletion: {
    from: ['OK', 'Creating', 'Pending account linking', 'Pending additional validation', 'Error creating'],
    to: 'Requested deletion',
  },
  set_deleting: { from: ['Requested deletion', 'Error deleting'], to: 'Deleting' },
  set_deleted: { from: ['Requested', 'Deleting'], to: 'Deleted' },
  set_error_deleting: { from: ['Requested deletion', 'Deleting'], to: 'Error deleting' },
});

/** States in which a newly set username makes the offering user OK (Waldur's `OfferingUser.save()`). */
export const USERNAME_COMPLETES_STATES: readonly OfferingUserState[] = [
  'Requested',
  'Creating',
  'Pending account linking',
  'Pending additional validation',
  'Error creating',
];

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
