// `user_role` payloads (docs/protocol.md#user_role): a role grant/revoke, or a project/resource resync (told apart by user_uuid).
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { offeringUuidField } from './common-fields.js';

/** UserRoleMessage contract (grant or revoke of a project role). */
export const userRoleMessageSchema = z.looseObject({
  user_uuid: hexUuidSchema,
  user_username: z.string(),
  project_uuid: hexUuidSchema,
  project_name: z.string(),
  role_name: z.string(),
  granted: z.boolean(),
  offering_uuid: offeringUuidField,
});

/** UserRoleSyncMessage (project) and the resource-scoped variant with resource_uuid (no truthy user_uuid). */
export const userRoleSyncMessageSchema = z.looseObject({
  project_uuid: hexUuidSchema,
  project_name: z.string(),
  resource_uuid: hexUuidSchema.optional(),
  offering_uuid: offeringUuidField,
});

export type UserRoleMessage = z.infer<typeof userRoleMessageSchema>;
export type UserRoleSyncMessage = z.infer<typeof userRoleSyncMessageSchema>;

/**
 * Any payload on the `user_role` channel. Like the agent, a truthy `user_uuid` selects the grant/revoke
 * shape and anything else the sync shape, so errors name the fields of the shape that was meant.
 */
export const userRoleChannelMessageSchema = z
  .unknown()
  .transform((value, ctx): UserRoleMessage | UserRoleSyncMessage => {
    const isRoleChange =
      typeof value === 'object' && value !== null && Boolean((value as { user_uuid?: unknown }).user_uuid);
    const result = isRoleChange
      ? userRoleMessageSchema.safeParse(value)
      : userRoleSyncMessageSchema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: value });
    return z.NEVER;
  });

export type UserRoleChannelMessage = z.infer<typeof userRoleChannelMessageSchema>;
