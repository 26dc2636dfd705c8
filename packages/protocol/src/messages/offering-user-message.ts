// `offering_user` payloads (docs/protocol.md#offering_user), discriminated on `action`.
import { z } from 'zod';
import { hexUuidSchema } from '../hex-uuid.js';
import { jsonObjectSchema, offeringUuidField } from './common-fields.js';

const base = {
  offering_user_uuid: hexUuidSchema,
  user_uuid: hexUuidSchema,
  offering_uuid: offeringUuidField,
};
// OfferingUser.username may still be empty/null when the offering user is created.
const username = z.string().nullable();

/** OfferingUserMessage contract; `state` is the raw integer in practice although the contract says string. */
export const offeringUserUsernameSetMessageSchema = z.looseObject({
  ...base,
  username: z.string(),
  state: z.union([z.int(), z.string()]),
  action: z.literal('username_set'),
  resource_backend_ids: z.array(z.string()),
});

export const offeringUserCreateMessageSchema = z.looseObject({
  ...base,
  username,
  state: z.string(),
  runtime_state: z.string().nullable(),
  action: z.literal('create'),
  attributes: jsonObjectSchema,
});

export const offeringUserUpdateMessageSchema = z.looseObject({
  ...base,
  username,
  state: z.string(),
  runtime_state: z.string().nullable(),
  changed_fields: z.array(z.string()),
  action: z.literal('update'),
});

export const offeringUserDeleteMessageSchema = z.looseObject({
  ...base,
  username,
  action: z.literal('delete'),
});

export const offeringUserAttributeUpdateMessageSchema = z.looseObject({
  ...base,
  username,
  action: z.literal('attribute_update'),
  changed_attributes: z.array(z.string()),
  attributes: jsonObjectSchema,
});

export const OFFERING_USER_ACTIONS = [
  'username_set',
  'create',
  'update',
  'delete',
  'attribute_update',
] as const;
export type OfferingUserAction = (typeof OFFERING_USER_ACTIONS)[number];

export const offeringUserMessageSchema = z.discriminatedUnion('action', [
  offeringUserUsernameSetMessageSchema,
  offeringUserCreateMessageSchema,
  offeringUserUpdateMessageSchema,
  offeringUserDeleteMessageSchema,
  offeringUserAttributeUpdateMessageSchema,
]);

export type OfferingUserMessage = z.infer<typeof offeringUserMessageSchema>;
