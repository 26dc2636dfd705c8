// Waldur's x-message-id: sha256("vhost:topic:payload")[:32] (logging/utils.py create_message_id). Pure computation.
import { createHash } from 'node:crypto';

export function messageId(vhost: string, topic: string, payload: string): string {
  return createHash('sha256').update(`${vhost}:${topic}:${payload}`, 'utf8').digest('hex').slice(0, 32);
}
