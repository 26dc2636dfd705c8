// Waldur prints every UUID as 32 lowercase hex chars (StringUUID = uuid.hex); this normalises and checks that form.
import { z } from 'zod';
import { ProtocolError } from './protocol-error.js';

const HEX32 = /^[0-9a-f]{32}$/;
const ANY_UUID =
  /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** True for exactly 32 lowercase hex characters (Waldur's wire form). */
export function isHexUuid(value: unknown): value is string {
  return typeof value === 'string' && HEX32.test(value);
}

/** Accepts 32-hex or dashed UUIDs in any case and returns 32 lowercase hex. */
export function toHex(uuid: string): string {
  if (typeof uuid !== 'string' || !ANY_UUID.test(uuid)) {
    throw new ProtocolError('ERR_INVALID_UUID', `Not a UUID: ${JSON.stringify(uuid)}`);
  }
  return uuid.replace(/-/g, '').toLowerCase();
}

export const hexUuidSchema = z
  .string()
  .regex(HEX32, { error: 'Expected a UUID as 32 lowercase hex characters' });
