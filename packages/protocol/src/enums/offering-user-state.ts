// Offering-user states as Waldur's REST API shows them (py-client OfferingUserState).
import { z } from 'zod';

export const OFFERING_USER_STATES = [
  'Requested',
  'Creating',
  'Pending account linking',
  'Pending additional validation',
  'OK',
  'Requested deletion',
  'Deleting',
  'Deleted',
  'Error creating',
  'Error deleting',
] as const;
export type OfferingUserState = (typeof OFFERING_USER_STATES)[number];
export const offeringUserStateSchema = z.enum(OFFERING_USER_STATES);
