// One STOMP connection for one (offering, object type) queue, with exactly one reconnect loop. Each attempt uses
// a fresh client whose own reconnect is disabled, so the only retry timer is the ReconnectPolicy's; callbacks of
// superseded clients are ignored by generation number. SUBSCRIBE happens in onConnect (stompjs does not restore
// subscriptions after a reconnect), so every reconnect resubscribes. Messages are processed strictly one at a
// time in arrival order (like the real agent's receiver thread); acks for a delivery whose connection is gone are
// skipped — the broker redelivers it and the idempotent handler absorbs the repeat.
import { StompHeaders as StompjsHeaders, type IFrame, type IMessage } from '@stomp/stompjs';
import type { Logger } from 'pino';
import type { StompAckMode } from '../config/config-schema.js';
import type { Delivery, DeliveryOutcome } from './delivery-processor.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

export interface StompSubscriptionLike {
  readonly id: string;
  unsubscribe(headers?: StompjsHeaders): void;
}

/** The subset of a stompjs Client the consumer uses (a fake implements it in unit tests). */
export interface StompClientLike {
  readonly connected: boolean;
  activate(): void;
  deactivate(options?: { force?: boolean }): Promise<void>;
  subscribe(
    destination: string,
    callback: (message: IMessage) => void,
    headers?: StompjsHeaders,
  ): StompSubscriptionLike;
}

export interface StompClientCallbacks {
  onConnect(frame: IFrame): void;
  onStompError(frame: IFrame): void;
  onWebSocketClose(detail: { code?: number | undefined; reason?: string | undefined }): void;
  onWebSocketError(detail: string): void;
}

export type StompClientFactory = (callbacks: StompClientCallbacks) => StompClientLike;

export interface MessageSink {
  /** The outcome, or a promise of it when the work is asynchronous. Never throws or rejects by contract. */
  process(delivery: Delivery): DeliveryOutcome | Promise<DeliveryOutcome>;
}

export type ConsumerState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopping' | 'stopped';

export interface StompConsumerOptions {
  /** Human label for logs, e.g. "<offering name>/order". */
  name: string;
  queue: string;
  /**
   * SUBSCRIBE `id`, short on purpose: RabbitMQ repeats it in every MESSAGE (`subscription`, `message-id`, `ack`) and
   * in every ACK; the real agent's queue-name id made each message ~380 bytes longer (docs/protocol.md#credentials-and-frames).
   */
  subscriptionId: string;
  ackMode: StompAckMode;
  prefetch: number;
  createClient: StompClientFactory;
  reconnect: ReconnectPolicy;
  sink: MessageSink;
  log: Logger;
  /** Observers (tests, health): called on every CONNECTED and every lost connection. */
  onConnected?: (info: { connects: number }) => void;
  onDisconnected?: (info: { reason: string }) => void;
}

/** NACK header that makes RabbitMQ reject without requeue, i.e. dead-letter via the queue's DLX arguments. */
const NO_REQUEUE = new StompjsHeaders();
NO_REQUEUE.requeue = 'false';

/** Is the connection of `generation` still the live one? Logs the skip when not. */
type SettleCheck = (generation: number, what: string) => boolean;

/** A delivery as the sink sees it; settles only on the connection it came from. One object per message. */
class StompDelivery implements Delivery {
  constructor(
    readonly message: IMessage,
    readonly generation: number,
    private readonly live: SettleCheck,
  ) {}

  get headers(): IMessage['headers'] {
    return this.message.headers;
  }

  get body(): string {
    return this.message.body;
  }

  ack(): void {
    if (this.live(this.generation, 'ack')) this.message.ack();
  }

  nack(requeue: boolean): void {
    if (!this.live(this.generation, requeue ? 'nack' : 'nack requeue=false')) return;
    if (requeue) this.message.nack();
    else this.message.nack(NO_REQUEUE);
  }
}

export class StompConsumer {
  private state: ConsumerState = 'idle';
  private generation = 0;
  private client: StompClientLike | null = null;
  private readonly queue: StompDelivery[] = [];
  private pumping: Promise<void> | null = null;
  private connectedWaiters: (() => void)[] = [];
  private stats = { connects: 0, disconnects: 0, subscriptions: 0, processed: 0 };

  constructor(private readonly options: StompConsumerOptions) {}

  get currentState(): ConsumerState {
    return this.state;
  }

  get counters(): Readonly<{
    connects: number;
    disconnects: number;
    subscriptions: number;
    processed: number;
  }> {
    return { ...this.stats };
  }

  get destination(): string {
    return `/amq/queue/${this.options.queue}`;
  }

  /** Starts connecting in the background and returns at once (one slow broker never blocks other consumers). */
  start(): void {
    if (this.state !== 'idle') return;
    this.attempt();
  }

  /** Resolves on the next (or current) CONNECTED; for tests and start-up logging. */
  waitConnected(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /**
   * Graceful stop: take no new messages, let the in-flight one finish and settle, then DISCONNECT. Queued but
   * unstarted deliveries are left unacked (the broker requeues them) — except in auto mode, where they were
   * already acked and are drained first. Bounded by `timeoutMs`, after which the socket is dropped.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    const wasConnected = this.state === 'connected';
    this.state = 'stopping';
    this.options.reconnect.stop();
    if (this.options.ackMode !== 'auto') this.queue.length = 0;
    const client = this.client;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      const drained = await Promise.race([this.pumping ?? Promise.resolve(), deadline]);
      if (drained === 'timeout')
        this.options.log.warn(
          { consumer: this.options.name },
          'In-flight message did not finish before shutdown timeout',
        );
      if (client !== null) {
        const closed = await Promise.race([
          client.deactivate({ force: !wasConnected }).then(() => 'closed' as const),
          deadline,
        ]);
        if (closed === 'timeout') await client.deactivate({ force: true });
      }
    } finally {
      clearTimeout(timer);
      this.state = 'stopped';
      this.client = null;
    }
  }

  private attempt(): void {
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.state = 'connecting';
    this.generation += 1;
    const generation = this.generation;
    const log = this.options.log.child({ consumer: this.options.name, generation });
    const client = this.options.createClient({
      onConnect: () => {
        this.handleConnected(generation, log);
      },
      onStompError: (frame) => {
        if (generation !== this.generation) return;
        log.error({ message: frame.headers.message, body: frame.body }, 'STOMP ERROR frame');
      },
      onWebSocketError: (detail) => {
        if (generation !== this.generation) return;
        log.warn({ detail }, 'WebSocket error');
      },
      onWebSocketClose: (detail) => {
        this.handleClosed(
          generation,
          `websocket closed (${String(detail.code ?? '?')}${detail.reason ? `: ${detail.reason}` : ''})`,
          log,
        );
      },
    });
    this.client = client;
    log.debug({ queue: this.options.queue }, 'Connecting to STOMP broker');
    try {
      client.activate();
    } catch (err) {
      this.handleClosed(generation, `activate failed: ${String(err)}`, log);
    }
  }

  private handleConnected(generation: number, log: Logger): void {
    if (generation !== this.generation || this.state !== 'connecting') return;
    const client = this.client;
    if (client === null) return;
    this.state = 'connected';
    this.options.reconnect.reset();
    this.stats.connects += 1;
    const headers = new StompjsHeaders();
    headers.id = this.options.subscriptionId;
    headers.ack = this.options.ackMode;
    if (this.options.ackMode !== 'auto') headers['prefetch-count'] = String(this.options.prefetch);
    client.subscribe(
      this.destination,
      (message) => {
        this.enqueue(message, generation);
      },
      headers,
    );
    this.stats.subscriptions += 1;
    log.info(
      { destination: this.destination, ack: this.options.ackMode, connects: this.stats.connects },
      'Connected and subscribed',
    );
    this.options.onConnected?.({ connects: this.stats.connects });
    const waiters = this.connectedWaiters;
    this.connectedWaiters = [];
    for (const w of waiters) w();
  }

  private handleClosed(generation: number, reason: string, log: Logger): void {
    if (generation !== this.generation) return; // a superseded client: its loss changes nothing
    if (this.state === 'stopping' || this.state === 'stopped') return;
    if (this.state === 'waiting') return; // already scheduled: never two loops
    const wasConnected = this.state === 'connected';
    this.state = 'waiting';
    if (wasConnected) this.stats.disconnects += 1;
    if (this.options.ackMode !== 'auto') {
      // Unacked deliveries of the dead connection come back from the broker; drop the local copies.
      for (let i = this.queue.length - 1; i >= 0; i -= 1) {
        if (this.queue[i]?.generation === generation) this.queue.splice(i, 1);
      }
    }
    const stale = this.client;
    this.client = null;
    if (stale !== null) void stale.deactivate({ force: true }).catch(() => undefined);
    this.options.onDisconnected?.({ reason });
    const delay = this.options.reconnect.schedule(() => {
      this.attempt();
    });
    const attempts = this.options.reconnect.attempts;
    const level = attempts > 3 ? 'error' : 'warn';
    log[level](
      { reason, delayMs: delay === null ? null : Math.round(delay), attempt: attempts },
      'STOMP connection lost, reconnecting',
    );
  }

  private enqueue(message: IMessage, generation: number): void {
    this.queue.push(new StompDelivery(message, generation, this.live));
    if (this.pumping === null) this.pump();
  }

  /** Starts draining the queue; `pumping` holds the asynchronous rest, if any (what `stop` waits for). */
  private pump(): void {
    const rest = this.drain();
    if (rest === null) return;
    this.pumping = rest.finally(() => {
      this.pumping = null;
      if (this.queue.length > 0) this.pump();
    });
  }

  /**
   * One message at a time, in arrival order (docs/agent.md#consumer-hot-path). Deliveries whose handling finishes
   * synchronously are settled right here; at the first that returns a promise, the rest of the queue continues
   * after it and that continuation is returned. Null when the queue is empty.
   */
  private drain(): Promise<void> | null {
    const { sink, ackMode } = this.options;
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      if (this.state === 'stopping' && ackMode !== 'auto') return null;
      let outcome: DeliveryOutcome | Promise<DeliveryOutcome> | null = null;
      try {
        outcome = sink.process(next);
      } catch (err) {
        this.crashed(err);
      }
      if (outcome !== null && typeof outcome !== 'string')
        return outcome.then(
          () => this.continueDrain(),
          (err: unknown) => {
            this.crashed(err);
            return this.continueDrain();
          },
        );
      this.stats.processed += 1;
    }
    return null;
  }

  private continueDrain(): Promise<void> | undefined {
    this.stats.processed += 1;
    return this.drain() ?? undefined;
  }

  /** The sink never throws by contract; keep the consumer alive if it does. */
  private crashed(err: unknown): void {
    this.options.log.error({ consumer: this.options.name, err }, 'Message processing crashed');
  }

  private readonly live: SettleCheck = (generation, what) => {
    if (generation === this.generation && this.client?.connected === true) return true;
    this.options.log.warn(
      { consumer: this.options.name, what },
      'Connection of this delivery is gone; broker will redeliver',
    );
    return false;
  };
}
