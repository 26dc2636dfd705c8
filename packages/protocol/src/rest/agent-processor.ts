// AgentProcessor (py-client models/agent_processor.py) and register_processor (the agent's heartbeat).
import { z } from 'zod';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema } from './rest-fields.js';

/** NestedAgentProcessor (an AgentService's `processors`); required: all but last_run and backend_version. */
export const nestedAgentProcessorSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  name: z.string(),
  backend_type: z.string(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  last_run: isoDateTimeSchema.nullable().optional(),
  backend_version: z.string().nullable().optional(),
});

/** AgentProcessor: the nested form plus its service; required: those and service, service_name. */
export const agentProcessorSchema = nestedAgentProcessorSchema.extend({
  service: hexUuidSchema,
  service_name: z.string(),
});

/** POST /api/marketplace-site-agent-services/{uuid}/register_processor/ (AgentProcessorCreateRequest). */
export const registerProcessorRequestSchema = z.looseObject({
  name: z.string().min(1),
  backend_type: z.string(),
  backend_version: z.string().nullable().optional(),
});

export type NestedAgentProcessor = z.infer<typeof nestedAgentProcessorSchema>;
export type AgentProcessor = z.infer<typeof agentProcessorSchema>;
export type RegisterProcessorRequest = z.infer<typeof registerProcessorRequestSchema>;
