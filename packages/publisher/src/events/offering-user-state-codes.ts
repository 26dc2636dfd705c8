// Waldur's OfferingUserStates integers (marketplace/enums.py); the `username_set` payload carries the raw
// integer (offering_user.state) while the REST API and other payloads use the display names.
import { OFFERING_USER_STATES, type OfferingUserState } from '@waldur-sim/protocol';

/** 'Requested' -> 1 … 'Error deleting' -> 10: the display names are listed in Waldur's code order. */
export function offeringUserStateCode(state: string): number | string {
  const i = (OFFERING_USER_STATES as readonly string[]).indexOf(state);
  return i < 0 ? state : i + 1;
}

/** OfferingUser.runtime_state as the agent sees it: Active once OK, the pending states as they are. */
export function offeringUserRuntimeState(state: string): string {
  const s = state as OfferingUserState;
  if (s === 'OK') return 'Active';
  if (s === 'Pending account linking' || s === 'Pending additional validation') return s;
  return '';
}
