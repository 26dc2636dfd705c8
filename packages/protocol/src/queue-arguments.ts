// Queue arguments Waldur passes for every subscriber queue (logging/backend.py SUBSCRIPTION_QUEUE_ARGUMENTS).
// Re-declaring a queue with other arguments fails with PRECONDITION_FAILED, so both sides share this object.

export const DEAD_LETTER_QUEUE = 'waldur.dlq.messages';

export interface SubscriptionQueueArguments {
  readonly 'x-message-ttl': 3600000;
  readonly 'x-max-length': 10000;
  readonly 'x-overflow': 'reject-publish-dlx';
  readonly 'x-dead-letter-exchange': '';
  readonly 'x-dead-letter-routing-key': typeof DEAD_LETTER_QUEUE;
}

export const SUBSCRIPTION_QUEUE_ARGUMENTS: SubscriptionQueueArguments = Object.freeze({
  'x-message-ttl': 3600000,
  'x-max-length': 10000,
  'x-overflow': 'reject-publish-dlx',
  'x-dead-letter-exchange': '',
  'x-dead-letter-routing-key': DEAD_LETTER_QUEUE,
});
