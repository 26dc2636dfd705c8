// Bodies of the provider callbacks the agent posts while processing (docs/protocol.md#callbacks).
import { z } from 'zod';

/** POST …/marketplace-orders/{uuid}/set_backend_id/ and …/marketplace-provider-resources/{uuid}/set_backend_id/. */
export const setBackendIdRequestSchema = z.looseObject({
  backend_id: z.string(),
});

/** POST …/marketplace-provider-resources/{uuid}/set_limits/ (ResourceSetLimitsRequest). */
export const setLimitsRequestSchema = z.looseObject({
  limits: z.record(z.string(), z.int()),
});

/** POST …/marketplace-orders/{uuid}/set_state_erred/ and …/marketplace-provider-resources/{uuid}/set_as_erred/. */
export const setStateErredRequestSchema = z.looseObject({
  error_message: z.string().optional(),
  error_traceback: z.string().optional(),
});

export type SetBackendIdRequest = z.infer<typeof setBackendIdRequestSchema>;
export type SetLimitsRequest = z.infer<typeof setLimitsRequestSchema>;
export type SetStateErredRequest = z.infer<typeof setStateErredRequestSchema>;
