// Puts Waldur events straight into subscription queues, byte-identical to what the publisher's relay sends
// (protocol buildMessage for body and STOMP headers, the publisher's amqpPublishOptions for the AMQP mapping):
// backlogs for the consumer-throughput scenario, and a paced stream for the agent-scale scenario.
import { randomBytes } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { buildMessage, parseQueueName, type ObservableObjectType } from '@waldur-sim/protocol';
import { amqpPublishOptions } from '@waldur-sim/publisher';
import { amqpConnectOptions } from '../amqp-connect-options.js';
import { BenchError } from '../bench-error.js';

export interface QueueTarget {
  readonly vhost: string;
  readonly queue: string;
}

export interface WireMessage {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const hex = (): string => randomBytes(16).toString('hex');

/** A payload whose handler does no REST and no SLURM work (the agent's no-op path for that type). */
export function noopPayload(objectType: ObservableObjectType): Record<string, unknown> {
  if (objectType === 'order') return { order_uuid: hex(), order_state: 'done' };
  if (objectType === 'resource_api_key_rotation')
    return {
      action: 'rotate',
      resource_uuid: hex(),
      resource_backend_id: 'bench',
      api_key_uuid: hex(),
      client_id: 'bench',
    };
  throw new BenchError('SCENARIO_FAILED', `no no-op payload for object type ${objectType}`);
}

/** A wire message for `target` (its queue name gives subscription, offering and object type). */
export function wireMessage(target: QueueTarget, payload?: Readonly<Record<string, unknown>>): WireMessage {
  const parts = parseQueueName(target.queue);
  if (parts === null)
    throw new BenchError('SCENARIO_FAILED', `not a subscription queue name: ${target.queue}`);
  const built = buildMessage({
    vhost: target.vhost,
    ...parts,
    payload: payload ?? noopPayload(parts.objectType),
  });
  return { body: built.body, headers: { ...built.headers } };
}

/** One AMQP connection with a confirm channel per vhost, as the broker admin. */
export class AmqpFeeder {
  private readonly links = new Map<string, Promise<{ model: ChannelModel; channel: ConfirmChannel }>>();

  constructor(private readonly amqpUrl: string) {}

  private link(vhost: string): Promise<{ model: ChannelModel; channel: ConfirmChannel }> {
    let link = this.links.get(vhost);
    if (link === undefined) {
      link = (async () => {
        const model = await amqp.connect(amqpConnectOptions(this.amqpUrl, vhost));
        const channel = await model.createConfirmChannel();
        return { model, channel };
      })();
      this.links.set(vhost, link);
    }
    return link;
  }

  /** Publishes every message with ≤ `window` confirms outstanding; resolves when all are confirmed. */
  async fill(target: QueueTarget, messages: readonly WireMessage[], window = 200): Promise<void> {
    const { channel } = await this.link(target.vhost);
    let next = 0;
    let confirmed = 0;
    await new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        while (next < messages.length && next - confirmed < window) {
          const m = messages[next];
          next += 1;
          if (m === undefined) continue;
          channel.sendToQueue(
            target.queue,
            Buffer.from(m.body, 'utf8'),
            amqpPublishOptions(m.headers, m.body),
            (err: unknown) => {
              if (err !== null && err !== undefined) {
                reject(new BenchError('BROKER', `publish to ${target.queue} was nacked`, { cause: err }));
                return;
              }
              confirmed += 1;
              if (confirmed === messages.length) resolve();
              else pump();
            },
          );
        }
      };
      if (messages.length === 0) resolve();
      else pump();
    });
  }

  /** Publishes one message without waiting for its confirm (paced streams). */
  async send(target: QueueTarget, message: WireMessage): Promise<void> {
    const { channel } = await this.link(target.vhost);
    channel.sendToQueue(
      target.queue,
      Buffer.from(message.body, 'utf8'),
      amqpPublishOptions(message.headers, message.body),
    );
  }

  /** Waits for every outstanding confirm on every channel. */
  async settle(): Promise<void> {
    for (const link of this.links.values()) await (await link).channel.waitForConfirms();
  }

  async purge(target: QueueTarget): Promise<number> {
    const { channel } = await this.link(target.vhost);
    return (await channel.purgeQueue(target.queue)).messageCount;
  }

  /** Ready (not unacked) messages in the queue. */
  async depth(target: QueueTarget): Promise<number> {
    const { channel } = await this.link(target.vhost);
    return (await channel.checkQueue(target.queue)).messageCount;
  }

  /** Opens the connection of every target's vhost now, so that a later stream starts sending at once. */
  async open(targets: readonly QueueTarget[]): Promise<void> {
    await Promise.all([...new Set(targets.map((t) => t.vhost))].map((v) => this.link(v)));
  }

  /**
   * Sends `ratePerSecond` messages per second for `durationMs`, round-robin over `targets`, in 10 ms ticks
   * (no busy wait: the agent measured shares the two cores). Returns the number sent.
   */
  async stream(
    targets: readonly QueueTarget[],
    make: (t: QueueTarget) => WireMessage,
    ratePerSecond: number,
    durationMs: number,
  ): Promise<number> {
    if (targets.length === 0) return 0;
    await this.open(targets);
    const start = performance.now();
    let sent = 0;
    let i = 0;
    for (;;) {
      const elapsed = performance.now() - start;
      if (elapsed >= durationMs) break;
      const due = Math.floor((elapsed / 1000) * ratePerSecond);
      while (sent < due) {
        const target = targets[i % targets.length];
        i += 1;
        if (target !== undefined) await this.send(target, make(target));
        sent += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await this.settle();
    return sent;
  }

  async close(): Promise<void> {
    for (const link of this.links.values()) {
      try {
        await (await link).model.close();
      } catch {
        // already closed
      }
    }
    this.links.clear();
  }
}
