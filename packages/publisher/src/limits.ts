// Quotas of one Waldur user's event-notification footprint: enforced by the REST API (subscriptions per user,
// queues per subscription) and by RabbitMQ itself (vhost and per-broker-user limits set when they are
// provisioned), so neither a REST client nor a subscription's own broker credentials can exhaust the node.
// Defaults fit one real agent serving a large site (docs/guarantees.md#quotas-and-broker-limits): up to 8
// subscriptions per offering, one queue and one STOMP connection per (offering, object type), 500 offerings.

export interface PublisherLimits {
  /** Event subscriptions one Waldur user may own (REST, 400 `subscriptions_per_user`). */
  readonly subscriptionsPerUser: number;
  /** Queues (offering × object type) per subscription (REST, 400 `queues_per_subscription`). */
  readonly queuesPerSubscription: number;
  /** RabbitMQ vhost limit `max-queues` of each user's vhost (queues any of its credentials may declare). */
  readonly vhostMaxQueues: number;
  /** RabbitMQ vhost limit `max-connections` of each user's vhost. */
  readonly vhostMaxConnections: number;
  /** RabbitMQ user limit `max-connections` of each subscription's broker user. */
  readonly userMaxConnections: number;
  /** RabbitMQ user limit `max-channels` of each subscription's broker user (across its connections). */
  readonly userMaxChannels: number;
  /** Operator policy `max-length` on every queue of each user's vhost (Waldur's own queues ask 10 000). */
  readonly queueMaxLength: number;
  /** Operator policy `max-length-bytes` on every queue of each user's vhost (bytes one queue may hold). */
  readonly queueMaxLengthBytes: number;
}

export const DEFAULT_LIMITS: PublisherLimits = {
  subscriptionsPerUser: 2048,
  queuesPerSubscription: 1024,
  vhostMaxQueues: 4096,
  vhostMaxConnections: 2048,
  userMaxConnections: 1024,
  userMaxChannels: 2048,
  queueMaxLength: 10_000,
  queueMaxLengthBytes: 8 * 1024 * 1024,
};

/** Config key, CLI flag and environment variable of each limit. */
export const LIMIT_SETTINGS: readonly {
  readonly key: keyof PublisherLimits;
  readonly flag: string;
  readonly env: string;
}[] = [
  { key: 'subscriptionsPerUser', flag: 'max-subscriptions-per-user', env: 'MAX_SUBSCRIPTIONS_PER_USER' },
  { key: 'queuesPerSubscription', flag: 'max-queues-per-subscription', env: 'MAX_QUEUES_PER_SUBSCRIPTION' },
  { key: 'vhostMaxQueues', flag: 'vhost-max-queues', env: 'VHOST_MAX_QUEUES' },
  { key: 'vhostMaxConnections', flag: 'vhost-max-connections', env: 'VHOST_MAX_CONNECTIONS' },
  { key: 'userMaxConnections', flag: 'broker-user-max-connections', env: 'BROKER_USER_MAX_CONNECTIONS' },
  { key: 'userMaxChannels', flag: 'broker-user-max-channels', env: 'BROKER_USER_MAX_CHANNELS' },
  { key: 'queueMaxLength', flag: 'queue-max-length', env: 'QUEUE_MAX_LENGTH' },
  { key: 'queueMaxLengthBytes', flag: 'queue-max-length-bytes', env: 'QUEUE_MAX_LENGTH_BYTES' },
];
