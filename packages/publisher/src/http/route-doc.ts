// OpenAPI metadata for a route. Request schemas are documentation only: bodies are validated with zod in the
// handlers (DRF-style errors), so fastify's own validator is switched off in app.ts.
import type { FastifySchema } from 'fastify';
import { z } from 'zod';

export function doc(
  tag: string,
  summary: string,
  extra: { readonly body?: z.ZodType; readonly description?: string; readonly deprecated?: boolean } = {},
): FastifySchema {
  return {
    tags: [tag],
    summary,
    ...(extra.description === undefined ? {} : { description: extra.description }),
    ...(extra.deprecated === true ? { deprecated: true } : {}),
    ...(extra.body === undefined
      ? {}
      : { body: z.toJSONSchema(extra.body, { io: 'input', unrepresentable: 'any' }) }),
  };
}
