// The STOMP SEND headers Waldur's publish_stomp_messages sets, in its order (docs/protocol.md#send-headers).
import { messageId } from './message-id.js';

export interface SendHeaders {
  readonly persistent: 'true';
  readonly durable: 'true';
  readonly 'auto-delete': 'false';
  readonly 'content-type': 'application/json';
  readonly 'x-message-id': string;
}

/** `topic` is the slash form (subscription/…/offering/…/type), as Waldur hashes it. */
export function sendHeaders(args: {
  readonly vhost: string;
  readonly topic: string;
  readonly payload: string;
}): SendHeaders {
  return {
    persistent: 'true',
    durable: 'true',
    'auto-delete': 'false',
    'content-type': 'application/json',
    'x-message-id': messageId(args.vhost, args.topic, args.payload),
  };
}
