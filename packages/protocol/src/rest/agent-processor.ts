// AgentProcessor (py-client models/agent_processor.py) and register_processor (the agent's heartbeat).
import { z } from 'zod';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema } from './rest-fields.js';

/** Required: uuid, url, service, service_name, name, backend_type, created, modified. */
export const agentProcessorSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  service: hexUuidSchema,
  service_name: z.string(),
  name: z.string(),
  backend_type: z.string(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  last_run: isoDateTimeSchema.nullable().optional(),
  backend_version: z.string().nullable().optional(),
});

/** POST /api/marketplace-site-agent-services/{uuid}/register_processor/ (AgentProcessorCreateRequest). */
export const registerProcessorRequestSchema = z.looseObject({
  name: z.string().min(1),
  backend_type: z.string(),
  backend_version: z.string().nullable().optional(),
});

export type AgentProcessor = z.infer<typeof agentProcessorSchema>;
export type RegisterProcessorRequest = z.infer<typeof registerProcessorRequestSchema>;
