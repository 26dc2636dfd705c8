// The unified consumer path (docs/protocol.md#unified-path): one `consumer_<hex>` queue per consumer, whatever
// the object type. The envelope is the handler payload + offering_uuid + object_type + enrichment, then
// schema_version 1 (Waldur event_dispatch.build_messages); the queue name itself is the "topic" hashed into
// x-message-id. Encoded like every Waldur body (json.dumps with DjangoJSONEncoder: same separators and escaping).
import type { ObservableObjectType } from './enums/observable-object-type.js';
import { encodePayload } from './encode-payload.js';
import { toHex } from './hex-uuid.js';
import { destinationFor } from './queue-naming.js';
import { sendHeaders } from './send-headers.js';
import type { BuiltMessage } from './build-message.js';

export const UNIFIED_SCHEMA_VERSION = 1;

const CONSUMER_QUEUE_RE = /^consumer_([a-f0-9]{32})$/;

/** `consumer_<hex>`; the uuid may be dashed or upper case. */
export function consumerQueueName(consumerUuid: string): string {
  return `consumer_${toHex(consumerUuid)}`;
}

/** The consumer uuid hex of a unified queue name, or null. */
export function parseConsumerQueueName(name: string): string | null {
  return CONSUMER_QUEUE_RE.exec(name)?.[1] ?? null;
}

export interface BuildUnifiedMessageInput {
  /** The consumer owner's vhost (user uuid hex). */
  readonly vhost: string;
  readonly consumerUuid: string;
  readonly offeringUuid: string;
  readonly objectType: ObservableObjectType;
  /** Handler payload (the legacy one, without offering_uuid). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** _enrich_<type>_payload fields, appended after object_type. */
  readonly enrichment?: Readonly<Record<string, unknown>>;
}

export function buildUnifiedMessage(input: BuildUnifiedMessageInput): BuiltMessage {
  const queue = consumerQueueName(input.consumerUuid);
  const envelope: Record<string, unknown> = {
    ...input.payload,
    offering_uuid: toHex(input.offeringUuid),
    object_type: input.objectType,
    ...input.enrichment,
  };
  if (!('schema_version' in envelope)) envelope.schema_version = UNIFIED_SCHEMA_VERSION;
  const body = encodePayload(envelope);
  return {
    vhost: input.vhost,
    topic: queue,
    queue,
    destination: destinationFor(queue),
    body,
    headers: sendHeaders({ vhost: input.vhost, topic: queue, payload: body }),
  };
}
