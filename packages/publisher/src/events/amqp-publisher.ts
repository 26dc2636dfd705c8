// Publishes outbox rows over AMQP with publisher confirms: one long-lived connection + confirm channel per
// vhost, logged in as the broker admin (as Waldur's publisher does). Messages go to the default exchange
// with the queue name as routing key (= STOMP /amq/queue/<queue>), `mandatory` so that a queue that no
// longer exists comes back as a basic.return instead of vanishing. Publishes are pipelined: many confirms may
// be in flight on a channel. The broker sends a message's basic.return before its confirm and handles one
// channel's messages in order, so a return belongs to the oldest unconfirmed, not yet returned publish to
// its routing key (docs/guarantees.md#relay-pipelining).
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { coalesceSocketWrites } from './amqp-write-coalescing.js';
import { PublishError } from './publish-error.js';
import { amqpPublishOptions } from './stomp-to-amqp.js';
import { realTimers, type Timers } from '../timers.js';

export interface OutgoingMessage {
  readonly vhost: string;
  readonly queue: string;
  readonly body: string;
  /** Waldur's STOMP SEND headers. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface MessagePublisher {
  /** Resolves once the broker confirmed the message into the queue. */
  publish(msg: OutgoingMessage): Promise<void>;
  close(): Promise<void>;
}

export interface AmqpPublisherOptions {
  /** amqp://admin:password@host:port[/ignored-vhost] */
  readonly amqpUrl: string;
  readonly log?: Logger;
  readonly publishTimeoutMs?: number;
  /** Connections unused for this long are closed on the next publish. */
  readonly idleCloseMs?: number;
  readonly heartbeatSeconds?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
}

interface InFlight {
  returned: boolean;
}

interface VhostLink {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
  /** Unconfirmed publishes per queue (routing key), oldest first; a basic.return marks the oldest one. */
  readonly inFlight: Map<string, InFlight[]>;
  lastUsed: number;
  closed: boolean;
}

export class AmqpPublisher implements MessagePublisher {
  private readonly base: URL;
  private readonly log: Logger | undefined;
  private readonly publishTimeoutMs: number;
  private readonly idleCloseMs: number;
  private readonly heartbeat: number;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly links = new Map<string, Promise<VhostLink>>();
  /** Links whose connection is up, by vhost. */
  private readonly open = new Map<string, VhostLink>();
  /** When the idle links are next looked at (not on every publish: that costs a promise per link). */
  private nextIdleCheck = 0;

  constructor(opts: AmqpPublisherOptions) {
    this.base = new URL(opts.amqpUrl);
    this.log = opts.log;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 10_000;
    this.idleCloseMs = opts.idleCloseMs ?? 300_000;
    this.heartbeat = opts.heartbeatSeconds ?? 10;
    this.timers = opts.timers ?? realTimers;
    this.now = opts.now ?? Date.now;
  }

  /** Number of open per-vhost connections (metrics). */
  get openConnections(): number {
    return this.links.size;
  }

  publish(msg: OutgoingMessage): Promise<void> {
    const now = this.now();
    if (now >= this.nextIdleCheck) {
      this.nextIdleCheck = now + Math.min(this.idleCloseMs, 1000);
      this.closeIdle(msg.vhost);
    }
    // An open link is used at once (no promise hop per message); see link() for why the order still holds.
    const open = this.open.get(msg.vhost);
    if (open !== undefined && !open.closed) return this.publishOn(open, msg);
    return this.link(msg.vhost).then((link) => this.publishOn(link, msg));
  }

  async close(): Promise<void> {
    const all = [...this.links.values()];
    this.links.clear();
    this.open.clear();
    await Promise.all(
      all.map(async (p) => {
        try {
          const link = await p;
          link.closed = true;
          await link.model.close();
        } catch {
          /* already closed or never opened */
        }
      }),
    );
  }

  private publishOn(link: VhostLink, msg: OutgoingMessage): Promise<void> {
    if (link.closed) {
      return Promise.reject(
        new PublishError('ERR_PUBLISH_CHANNEL', `connection to vhost ${msg.vhost} closed`),
      );
    }
    link.lastUsed = this.now();
    const entry: InFlight = { returned: false };
    const waiting = link.inFlight.get(msg.queue);
    if (waiting) waiting.push(entry);
    else link.inFlight.set(msg.queue, [entry]);
    return new Promise<void>((resolve, reject) => {
      const state = { settled: false };
      const timer = this.timers.setTimeout(() => {
        if (state.settled) return;
        state.settled = true;
        // A confirm may still arrive; drop the link so it cannot be attributed to a later publish.
        this.drop(msg.vhost, link);
        reject(
          new PublishError('ERR_PUBLISH_TIMEOUT', `no publisher confirm within ${this.publishTimeoutMs} ms`),
        );
      }, this.publishTimeoutMs);
      const done = (err: unknown): void => {
        forget(link, msg.queue, entry);
        if (state.settled) return;
        state.settled = true;
        this.timers.clearTimeout(timer);
        if (err !== null && err !== undefined) {
          reject(
            new PublishError('ERR_PUBLISH_NACK', `broker did not confirm: ${errorText(err)}`, { cause: err }),
          );
        } else if (entry.returned) {
          reject(
            new PublishError(
              'ERR_PUBLISH_UNROUTABLE',
              `queue ${msg.queue} does not exist in vhost ${msg.vhost}`,
            ),
          );
        } else {
          resolve();
        }
      };
      try {
        link.channel.sendToQueue(
          msg.queue,
          Buffer.from(msg.body, 'utf8'),
          amqpPublishOptions(msg.headers, msg.body),
          done,
        );
      } catch (e) {
        // amqplib throws synchronously when the channel is already closed.
        if (!state.settled) {
          state.settled = true;
          this.timers.clearTimeout(timer);
          this.drop(msg.vhost, link);
          reject(new PublishError('ERR_PUBLISH_CHANNEL', `publish failed: ${errorText(e)}`, { cause: e }));
        }
      }
    });
  }

  private link(vhost: string): Promise<VhostLink> {
    const existing = this.links.get(vhost);
    if (existing) return existing;
    const created = this.connect(vhost);
    this.links.set(vhost, created);
    created.then(
      (link) => {
        // Runs in the same microtask run as the reactions of the publishes that waited for this link, so none
        // of them can be overtaken by a later publish that takes the direct path.
        if (this.links.get(vhost) === created && !link.closed) this.open.set(vhost, link);
      },
      () => {
        if (this.links.get(vhost) === created) this.links.delete(vhost);
      },
    );
    return created;
  }

  private async connect(vhost: string): Promise<VhostLink> {
    const port = this.base.port === '' ? 5672 : Number(this.base.port);
    let model: ChannelModel;
    try {
      model = await amqp.connect({
        protocol: this.base.protocol.replace(':', ''),
        hostname: this.base.hostname,
        port,
        username: decodeURIComponent(this.base.username),
        password: decodeURIComponent(this.base.password),
        vhost,
        heartbeat: this.heartbeat,
      });
    } catch (e) {
      throw new PublishError('ERR_PUBLISH_CONNECT', `cannot connect to vhost ${vhost}: ${errorText(e)}`, {
        cause: e,
      });
    }
    if (!coalesceSocketWrites(model))
      this.log?.debug({ vhost }, 'amqplib internals differ; socket writes not coalesced');
    let channel: ConfirmChannel;
    try {
      channel = await model.createConfirmChannel();
    } catch (e) {
      await model.close().catch(() => undefined);
      throw new PublishError(
        'ERR_PUBLISH_CONNECT',
        `cannot open a channel on vhost ${vhost}: ${errorText(e)}`,
        {
          cause: e,
        },
      );
    }
    const link: VhostLink = {
      model,
      channel,
      inFlight: new Map(),
      lastUsed: this.now(),
      closed: false,
    };
    channel.on('return', (m: { fields: { routingKey: string } }) => {
      const entry = link.inFlight.get(m.fields.routingKey)?.find((e) => !e.returned);
      if (entry) entry.returned = true;
    });
    const onGone = (why: string) => (err?: unknown) => {
      if (!link.closed) this.log?.warn({ vhost, err: err === undefined ? undefined : errorText(err) }, why);
      this.drop(vhost, link);
    };
    model.on('error', onGone('AMQP connection error'));
    model.on('close', onGone('AMQP connection closed'));
    channel.on('error', onGone('AMQP channel error'));
    channel.on('close', onGone('AMQP channel closed'));
    this.log?.debug({ vhost }, 'AMQP publisher connected');
    return link;
  }

  private drop(vhost: string, link: VhostLink): void {
    if (link.closed) return;
    link.closed = true;
    if (this.open.get(vhost) === link) this.open.delete(vhost);
    void this.links.get(vhost)?.then(
      (current) => {
        if (current === link) this.links.delete(vhost);
      },
      () => undefined,
    );
    link.model.close().catch(() => undefined);
  }

  private closeIdle(except: string): void {
    const cutoff = this.now() - this.idleCloseMs;
    for (const [vhost, p] of this.links) {
      if (vhost === except) continue;
      void p.then(
        (link) => {
          if (link.lastUsed < cutoff) this.drop(vhost, link);
        },
        () => undefined,
      );
    }
  }
}

function forget(link: VhostLink, queue: string, entry: InFlight): void {
  const waiting = link.inFlight.get(queue);
  if (waiting === undefined) return;
  const i = waiting.indexOf(entry);
  if (i >= 0) waiting.splice(i, 1);
  if (waiting.length === 0) link.inFlight.delete(queue);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
