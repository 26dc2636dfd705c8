// Legacy per-(subscription, offering, type) queue naming shared by Waldur and the agent (docs/protocol.md#queue-naming).
import { isObservableObjectType, type ObservableObjectType } from './enums/observable-object-type.js';
import { toHex } from './hex-uuid.js';
import { ProtocolError } from './protocol-error.js';

export interface QueueParts {
  readonly subscriptionUuid: string;
  readonly offeringUuid: string;
  readonly objectType: ObservableObjectType;
}

function checkedType(objectType: string): ObservableObjectType {
  if (!isObservableObjectType(objectType)) {
    throw new ProtocolError(
      'ERR_INVALID_OBJECT_TYPE',
      `Unknown observable object type: ${JSON.stringify(objectType)}`,
    );
  }
  return objectType;
}

/** `subscription_<hex>_offering_<hex>_<type>`; UUIDs may be dashed or upper case. */
export function queueName(parts: QueueParts): string {
  return `subscription_${toHex(parts.subscriptionUuid)}_offering_${toHex(parts.offeringUuid)}_${checkedType(parts.objectType)}`;
}

/** Slash form used as the publish "topic" and inside the x-message-id hash. */
export function topicFor(parts: QueueParts): string {
  return `subscription/${toHex(parts.subscriptionUuid)}/offering/${toHex(parts.offeringUuid)}/${checkedType(parts.objectType)}`;
}

// Object types contain "_", so the parts are found by the fixed literals, never by splitting on "_".
const QUEUE_RE = /^subscription_([0-9a-f]{32})_offering_([0-9a-f]{32})_([a-z_]+)$/;

/** Inverse of queueName; null for anything Waldur would not have produced (incl. unknown types). */
export function parseQueueName(name: string): QueueParts | null {
  if (typeof name !== 'string') return null;
  const m = QUEUE_RE.exec(name);
  if (m === null) return null;
  const [, subscriptionUuid, offeringUuid, objectType] = m;
  if (subscriptionUuid === undefined || offeringUuid === undefined || !isObservableObjectType(objectType))
    return null;
  return { subscriptionUuid, offeringUuid, objectType };
}

/** STOMP destination for a pre-declared queue: RabbitMQ's `/amq/queue/` form never re-declares it. */
export function destinationFor(name: string): string {
  if (name === '' || name.includes('/')) {
    throw new ProtocolError('ERR_INVALID_QUEUE_NAME', `Not a queue name: ${JSON.stringify(name)}`);
  }
  return `/amq/queue/${name}`;
}
