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
  const [message] = buildMessages(input, [input]);
  if (message === undefined) throw new Error('unreachable: one recipient, one message');
  return message;
}

export type LegacyEvent = Pick<BuildMessageInput, 'offeringUuid' | 'objectType' | 'payload'>;
export type LegacyRecipient = Pick<BuildMessageInput, 'vhost' | 'subscriptionUuid'>;

/** One event for many subscriptions, as buildMessage for each: the body, the same for all, is encoded once. */
export function buildMessages(event: LegacyEvent, recipients: readonly LegacyRecipient[]): BuiltMessage[] {
  // Waldur does payload["offering_uuid"] = offering.uuid.hex: appended last, or replaced in place.
  const body = encodePayload({ ...event.payload, offering_uuid: toHex(event.offeringUuid) });
  return recipients.map((r) => {
    const parts = {
      subscriptionUuid: r.subscriptionUuid,
      offeringUuid: event.offeringUuid,
      objectType: event.objectType,
    };
    const topic = topicFor(parts);
    const queue = queueName(parts);
    return {
      vhost: r.vhost,
      topic,
      queue,
      destination: destinationFor(queue),
      body,
      headers: sendHeaders({ vhost: r.vhost, topic, payload: body }),
    };
  });
}
