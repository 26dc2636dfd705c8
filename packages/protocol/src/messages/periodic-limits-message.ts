// `resource_periodic_limits` payload (docs/protocol.md#resource_periodic_limits, PeriodicLimitsMessage contract); offering_uuid is part of the contract.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { jsonObjectSchema } from './common-fields.js';

export const periodicLimitsMessageSchema = z.looseObject({
  resource_uuid: hexUuidSchema,
  backend_id: z.string(),
  offering_uuid: hexUuidSchema,
  policy_uuid: hexUuidSchema,
  action: z.literal('apply_periodic_settings'),
  settings: jsonObjectSchema,
  /** Naive ISO datetime, e.g. 2026-01-01T00:00:00 (no offset). */
  timestamp: z.string(),
});

export type PeriodicLimitsMessage = z.infer<typeof periodicLimitsMessageSchema>;
