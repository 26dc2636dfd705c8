// Everything needed to publish one legacy event exactly as Waldur's prepare_messages + publish_stomp_messages do.
import type { ObservableObjectType } from './enums/observable-object-type.js';
import { encodePayload } from './encode-payload.js';
import { toHex } from './hex-uuid.js';
import { destinationFor, queueName, topicFor } from './queue-naming.js';
import { sendHeaders, type SendHeaders } from './send-headers.js';

export interface BuildMessageInput {
  /** The subscriber's vhost (Waldur: the subscribing user's uuid hex); used as given. */
  readonly vhost: string;
  readonly subscriptionUuid: string;
  readonly offeringUuid: string;
  readonly objectType: ObservableObjectType;
  /** Handler payload without offering_uuid (if present, its position is kept and its value replaced). */
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface BuiltMessage {
  readonly vhost: string;
  readonly topic: string;
  readonly queue: string;
  readonly destination: string;
  readonly body: string;
  readonly headers: SendHeaders;
}

export function buildMessage(input: BuildMessageInput): BuiltMessage {
  const parts = {
    subscriptionUuid: input.subscriptionUuid,
    offeringUuid: input.offeringUuid,
    objectType: input.objectType,
  };
  const topic = topicFor(parts);
  const queue = queueName(parts);
  // Waldur does payload["offering_uuid"] = offering.uuid.hex: appended last, or replaced in place.
  const body = encodePayload({ ...input.payload, offering_uuid: toHex(input.offeringUuid) });
  return {
    vhost: input.vhost,
    topic,
    queue,
    destination: destinationFor(queue),
    body,
    headers: sendHeaders({ vhost: input.vhost, topic, payload: body }),
  };
}
