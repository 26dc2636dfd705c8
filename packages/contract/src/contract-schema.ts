// The shape of waldur-api-contract.json, checked once at load so a malformed or newer fixture fails loudly
// instead of making every validation silently pass. Only the keys the validators read are typed strictly;
// everything else in the file passes through untouched.
import { z } from 'zod';

/** Where the agent reaches an operation from (`operations[].reached_from`). */
export const AGENT_MODES = ['order_process', 'membership_sync', 'event_process', 'report'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

export interface ValueType {
  readonly type: string;
  readonly format?: string | undefined;
  readonly enum?: readonly (string | number | boolean | null)[] | undefined;
  readonly pattern?: string | undefined;
  readonly items?: ValueType | undefined;
}

const valueTypeSchema: z.ZodType<ValueType> = z.lazy(() =>
  z.object({
    type: z.string(),
    format: z.string().optional(),
    enum: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    pattern: z.string().optional(),
    items: valueTypeSchema.optional(),
  }),
);

export const fieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  nullable: z.boolean(),
  format: z.string().optional(),
  format_from: z.string().optional(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  pattern: z.string().optional(),
  items: valueTypeSchema.optional(),
  client_parse: z.enum(['strict', 'lenient']).optional(),
  client_default: z.unknown().optional(),
});
export type ContractField = z.infer<typeof fieldSchema>;

export const modelSchema = z.object({
  fields: z.array(fieldSchema),
  kind: z.string().optional(),
  additional_properties: valueTypeSchema.optional(),
  agent_sets: z.array(z.string()).optional(),
});
export type ContractModel = z.infer<typeof modelSchema>;

export const queryParamSchema = z.object({
  name: z.string(),
  type: z.string(),
  format: z.string().optional(),
  items: valueTypeSchema.optional(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  agent_values: z.array(z.unknown()).optional(),
  used_by: z.array(z.string()).optional(),
});
export type ContractQueryParam = z.infer<typeof queryParamSchema>;

export const responseSchema = z.object({
  model: z.string().nullable().optional(),
  shape: z.enum(['object', 'array', 'none']).optional(),
  paginated: z.boolean().optional(),
  client: z.string().optional(),
});
export type ContractResponse = z.infer<typeof responseSchema>;

export const requestBodySchema = z.object({
  model: z.string(),
  content_type: z.string(),
  fields: z.array(fieldSchema),
  agent_sets: z.array(z.string()).optional(),
  always_sent: z.array(z.string()).optional(),
});
export type ContractRequestBody = z.infer<typeof requestBodySchema>;

export const operationSchema = z.object({
  operation: z.string(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().startsWith('/api/'),
  path_params: z.array(z.object({ name: z.string(), type: z.string(), format: z.string().optional() })),
  query: z.array(queryParamSchema),
  request_body: requestBodySchema.nullable(),
  responses: z.record(z.string(), responseSchema),
  reached_from: z.array(z.string()),
  agent_tolerates_404: z.boolean(),
});
export type ContractOperation = z.infer<typeof operationSchema>;

export const contractSchema = z.object({
  contract: z.literal('waldur-api-contract'),
  contract_version: z.literal(1),
  sources: z.object({
    client: z.object({ package: z.string(), version: z.string() }),
    agent: z.object({ packages: z.record(z.string(), z.string()) }),
  }),
  operations: z.array(operationSchema).min(1),
  models: z.record(z.string(), modelSchema),
});
export type Contract = z.infer<typeof contractSchema>;
