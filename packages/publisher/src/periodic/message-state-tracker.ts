// Waldur's MessageStateTracker (docs/protocol.md#periodic-producers): a periodic producer sends a message about an
// object only if its content changed since the last one, or the last one is older than the TTL (4 h). Content is
// the payload without timestamp / message_id / sequence_number, hashed with sorted keys. Kept in the database so
// restarts and several publishers agree.
import { createHash } from 'node:crypto';
import type { Tx } from '../events/recipients.js';

export const MESSAGE_STATE_TTL_MS = 4 * 60 * 60_000;

const VOLATILE_KEYS = new Set(['timestamp', 'message_id', 'sequence_number']);

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function contentHash(payload: Readonly<Record<string, unknown>>): string {
  const content = Object.fromEntries(Object.entries(payload).filter(([k]) => !VOLATILE_KEYS.has(k)));
  return createHash('sha256').update(sortedJson(content)).digest('hex');
}

/** True (and records the new state) if a message with this content should go out now. */
export async function shouldSendMessage(
  tx: Tx,
  key: { readonly objectType: string; readonly objectId: string },
  payload: Readonly<Record<string, unknown>>,
  now: Date,
  ttlMs = MESSAGE_STATE_TTL_MS,
): Promise<boolean> {
  const hash = contentHash(payload);
  const where = { objectType_objectId: key };
  const last = await tx.messageState.findUnique({ where });
  if (last !== null && last.hash === hash && now.getTime() - last.modified.getTime() < ttlMs) return false;
  await tx.messageState.upsert({
    where,
    create: { ...key, hash, modified: now },
    update: { hash, modified: now },
  });
  return true;
}
