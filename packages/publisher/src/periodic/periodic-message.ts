// How a periodic producer sends one message (docs/protocol.md#periodic-producers): skipped when the tracker says
// the content did not change, else the next sequence number is appended and the event recorded on both paths.
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import { nextSequenceNumber } from '../events/event-recorder.js';
import type { Tx } from '../events/recipients.js';
import { recordEvent } from '../events/record-event.js';
import { shouldSendMessage } from './message-state-tracker.js';

export interface PeriodicMessage {
  readonly objectType: ObservableObjectType;
  readonly objectId: string;
  readonly offeringId: string;
  readonly projectId: string;
  /** The payload without sequence_number. */
  readonly content: Readonly<Record<string, unknown>>;
}

/** Returns the number of outbox rows written (0 when skipped). */
export async function recordPeriodicMessage(
  tx: Tx,
  m: PeriodicMessage,
  now: Date,
  log?: Logger,
): Promise<number> {
  const key = { objectType: m.objectType, objectId: m.objectId };
  if (!(await shouldSendMessage(tx, key, m.content, now))) return 0;
  const payload = { ...m.content, sequence_number: await nextSequenceNumber(tx, m.objectType, m.objectId) };
  return recordEvent(
    tx,
    { offeringId: m.offeringId, objectType: m.objectType, payload, consumerProjectIds: [m.projectId] },
    log,
  );
}
