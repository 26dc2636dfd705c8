// The agent's queues as the broker sees them: which (vhost, queue) each object type uses (from the publisher's
// SubscriptionQueue rows), raw publishes into them as the admin (poison and malformed bodies), and the
// dead-letter queue `waldur.dlq.messages` the queue arguments route rejected and expired messages to.
import amqp from 'amqplib';
import { DEAD_LETTER_QUEUE, queueName, type ObservableObjectType } from '@waldur-sim/protocol';
import type { OpenedDatabase } from '@waldur-sim/publisher';
import type { BrokerEndpoints, ManagementClient, PeekedMessage } from '@waldur-sim/testkit';

export interface AgentQueue {
  readonly vhost: string;
  readonly queue: string;
  readonly objectType: string;
}

/** The subscription queues of `userId` (the agent's Waldur user) on `offeringId`. */
export async function agentQueues(
  db: OpenedDatabase,
  userId: string,
  offeringId: string,
): Promise<AgentQueue[]> {
  const rows = await db.prisma.subscriptionQueue.findMany({
    where: { offeringId, subscription: { userId } },
  });
  return rows.map((r) => ({
    vhost: userId,
    objectType: r.objectType,
    queue: queueName({
      subscriptionUuid: r.subscriptionId,
      offeringUuid: r.offeringId,
      objectType: r.objectType as ObservableObjectType,
    }),
  }));
}

export interface RawMessage {
  readonly body: string;
  /** Becomes the STOMP `x-message-id` header (the agent's delivery key). */
  readonly messageId: string;
}

/** Publishes raw bodies into an existing queue with publisher confirms (admin login on the queue's vhost). */
export async function publishRaw(
  broker: BrokerEndpoints,
  target: AgentQueue,
  messages: readonly RawMessage[],
): Promise<void> {
  const url = new URL(broker.amqpUrl);
  const connection = await amqp.connect({
    protocol: 'amqp',
    hostname: url.hostname,
    port: Number(url.port),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    vhost: target.vhost,
  });
  try {
    const channel = await connection.createConfirmChannel();
    for (const m of messages) {
      channel.sendToQueue(target.queue, Buffer.from(m.body, 'utf8'), {
        persistent: true,
        contentType: 'application/json',
        headers: { 'x-message-id': m.messageId },
      });
    }
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

export interface DeadLetter {
  readonly body: string;
  readonly messageId: string | undefined;
  /** x-death reason of the first death: rejected, expired, maxlen, delivery_limit. */
  readonly reason: string | undefined;
  readonly queue: string | undefined;
}

function firstDeath(message: PeekedMessage): { reason?: string; queue?: string } {
  const deaths = message.properties.headers?.['x-death'];
  if (!Array.isArray(deaths) || deaths.length === 0) return {};
  const d = deaths[0] as { reason?: unknown; queue?: unknown };
  return {
    ...(typeof d.reason === 'string' ? { reason: d.reason } : {}),
    ...(typeof d.queue === 'string' ? { queue: d.queue } : {}),
  };
}

/** Everything in the vhost's dead-letter queue, left in place (a peek). */
export async function deadLetters(
  management: ManagementClient,
  vhost: string,
  max = 5000,
): Promise<DeadLetter[]> {
  const info = await management.getQueue(vhost, DEAD_LETTER_QUEUE);
  if (info === undefined) return [];
  const messages = await management.getMessages(vhost, DEAD_LETTER_QUEUE, {
    count: max,
    ackmode: 'ack_requeue_true',
  });
  return messages.map((m) => {
    const death = firstDeath(m);
    const id = m.properties.headers?.['x-message-id'];
    return {
      body: m.payload_encoding === 'base64' ? Buffer.from(m.payload, 'base64').toString('utf8') : m.payload,
      messageId: typeof id === 'string' ? id : undefined,
      reason: death.reason,
      queue: death.queue,
    };
  });
}

/** Empties the vhost's dead-letter queue (between cases). */
export async function purgeDeadLetters(management: ManagementClient, vhost: string): Promise<void> {
  if ((await management.getQueue(vhost, DEAD_LETTER_QUEUE)) !== undefined)
    await management.purgeQueue(vhost, DEAD_LETTER_QUEUE);
}
