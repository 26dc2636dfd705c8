// AgentService (py-client models/agent_service.py), its nested form inside AgentIdentity, and register_service.
import { z } from 'zod';
import { nestedAgentProcessorSchema } from './agent-processor.js';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema, jsonObjectSchema } from './rest-fields.js';

export const AGENT_SERVICE_STATES = ['Active', 'Error', 'Idle'] as const;
export type AgentServiceState = (typeof AGENT_SERVICE_STATES)[number];
export const agentServiceStateSchema = z.enum(AGENT_SERVICE_STATES);

/** NestedAgentService; required: uuid, url, name, state, created, modified. */
export const nestedAgentServiceSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  name: z.string(),
  state: agentServiceStateSchema,
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  mode: z.string().nullable().optional(),
  statistics: jsonObjectSchema.optional(),
});

/** AgentService; required: uuid, url, identity, identity_name, name, state, created, modified, processors. */
export const agentServiceSchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  identity: hexUuidSchema,
  identity_name: z.string(),
  name: z.string(),
  state: agentServiceStateSchema,
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  processors: z.array(nestedAgentProcessorSchema),
  mode: z.string().nullable().optional(),
  statistics: jsonObjectSchema.optional(),
});

/** POST …/identities/{uuid}/register_service/ (AgentServiceCreateRequest). */
export const registerServiceRequestSchema = z.looseObject({
  name: z.string().min(1),
  mode: z.string().nullable().optional(),
});

export type NestedAgentService = z.infer<typeof nestedAgentServiceSchema>;
export type AgentService = z.infer<typeof agentServiceSchema>;
export type RegisterServiceRequest = z.infer<typeof registerServiceRequestSchema>;
