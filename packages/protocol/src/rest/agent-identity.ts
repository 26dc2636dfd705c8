// AgentIdentity (py-client models/agent_identity.py) and its create/update body.
import { z } from 'zod';
import { nestedAgentServiceSchema } from './agent-service.js';
import { absoluteUrlSchema, hexUuidSchema, isoDateTimeSchema, uuidInputSchema } from './rest-fields.js';

export const agentDependencySchema = z.looseObject({ package: z.string(), version: z.string() });

export const AGENT_COMPATIBILITY_STATUSES = ['compatible', 'incompatible', 'unknown'] as const;
/** AgentCompatibility; required: status, message. */
export const agentCompatibilitySchema = z.looseObject({
  status: z.enum(AGENT_COMPATIBILITY_STATUSES),
  message: z.string(),
  minimum_required: z.string().optional(),
});

/**
 * Required: uuid, url, offering, created_by (nullable), name, created, modified, services. A newer Waldur adds
 * and requires `compatibility`; Waldur's contract (client 8.1.0rc19) does not have it, so it is optional here.
 */
export const agentIdentitySchema = z.looseObject({
  uuid: hexUuidSchema,
  url: absoluteUrlSchema,
  offering: hexUuidSchema,
  created_by: hexUuidSchema.nullable(),
  name: z.string(),
  created: isoDateTimeSchema,
  modified: isoDateTimeSchema,
  services: z.array(nestedAgentServiceSchema),
  // Newer Waldur only: the contract's client (8.1.0rc19) neither declares nor requires it.
  compatibility: agentCompatibilitySchema.optional(),
  version: z.string().nullable().optional(),
  dependencies: z.array(agentDependencySchema).optional(),
  config_file_path: z.string().nullable().optional(),
  config_file_content: z.string().nullable().optional(),
  last_restarted: isoDateTimeSchema.optional(),
});

/** POST/PUT /api/marketplace-site-agent-identities/ (AgentIdentityRequest); required: offering, name. */
export const agentIdentityRequestSchema = z.looseObject({
  offering: uuidInputSchema,
  name: z.string().min(1),
  version: z.string().nullable().optional(),
  dependencies: z.array(agentDependencySchema).optional(),
  config_file_path: z.string().nullable().optional(),
  config_file_content: z.string().nullable().optional(),
  last_restarted: isoDateTimeSchema.optional(),
});

export type AgentIdentity = z.infer<typeof agentIdentitySchema>;
export type AgentIdentityRequest = z.input<typeof agentIdentityRequestSchema>;
