// What happens to one delivered message: parse it against the protocol schema, run the handler, and only then
// settle it with the broker. In client-individual mode: ACK after the handler's effects are done; a handler failure
// is NACKed for redelivery (after a short backoff) until `maxAttempts` failures, then NACKed with `requeue: false`
// so RabbitMQ dead-letters it into `waldur.dlq.messages` via the queue's x-dead-letter-* arguments. A body that
// is not JSON or fails the schema is dead-lettered at once. Nothing here ever throws into the consumer.
import type { MessageFor, ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { StompAckMode } from '../config/config-schema.js';
import { redactSecrets, unredactedLogger } from '../logging/hot-path-log.js';
import { backoffDelay, realSleep, type BackoffOptions, type Sleep } from '../util/backoff.js';
import { DeliveryAttempts, deliveryKey, type StompHeaders } from './delivery-attempts.js';
import { parseHotPath } from './hot-path-parse.js';

/** One delivered message, transport-independent (the STOMP consumer adapts stompjs frames to this). */
export interface Delivery {
  readonly headers: StompHeaders;
  readonly body: string;
  /** ACK (client-individual only). */
  ack(): void;
  /** NACK; requeue=false dead-letters. */
  nack(requeue: boolean): void;
}

export interface HandlerContext {
  readonly objectType: ObservableObjectType;
  readonly headers: StompHeaders;
  /** Failed runs of this message before this one (0 on first delivery). */
  readonly previousFailures: number;
}

export type MessageHandler<T extends ObservableObjectType = ObservableObjectType> = (
  message: MessageFor<T>,
  context: HandlerContext,
) => Promise<void>;

export type DeliveryOutcome =
  'acked' | 'requeued' | 'dead-lettered' | 'auto-acked' | 'auto-failed' | 'auto-invalid';

export interface DeliveryProcessorOptions<T extends ObservableObjectType> {
  objectType: T;
  ackMode: StompAckMode;
  /** Failed runs before dead-lettering (stomp_max_delivery_attempts). */
  maxAttempts: number;
  /** Wait before a NACK-for-redelivery, growing per failure, so a failing message does not spin. */
  retryDelay: BackoffOptions;
  handler: MessageHandler<T>;
  log: Logger;
  attempts?: DeliveryAttempts;
  sleep?: Sleep;
  random?: () => number;
}

function errorSummary(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error)
    return err.stack === undefined ? { message: err.message } : { message: err.message, stack: err.stack };
  return { message: String(err) };
}

export class DeliveryProcessor<T extends ObservableObjectType = ObservableObjectType> {
  readonly attempts: DeliveryAttempts;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  /** For the one INFO line per message (its payload is redacted by hand, see hot-path-log.ts). */
  private readonly hotLog: Logger;

  constructor(private readonly options: DeliveryProcessorOptions<T>) {
    this.hotLog = unredactedLogger(options.log);
    this.attempts = options.attempts ?? new DeliveryAttempts();
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async process(delivery: Delivery): Promise<DeliveryOutcome> {
    const { objectType, ackMode, log } = this.options;
    const auto = ackMode === 'auto';
    const key = deliveryKey(delivery.headers, delivery.body);
    const redelivered = delivery.headers.redelivered === 'true';
    // Hot path (docs/agent.md#consumer-hot-path): no child logger per message; the few fields go inline.
    const ids = { objectType, messageKey: key, redelivered };

    const parsed = parseHotPath(objectType, delivery.body);
    if (!parsed.ok) {
      log.error(
        { ...ids, code: parsed.error.code, reason: parsed.error.message, body: delivery.body.slice(0, 500) },
        auto ? 'Invalid message dropped (ack mode auto)' : 'Invalid message, dead-lettering',
      );
      if (auto) return 'auto-invalid';
      delivery.nack(false);
      return 'dead-lettered';
    }

    const previousFailures = this.attempts.begin(key, redelivered);
    this.hotLog.info(
      { ...ids, payload: redactSecrets(parsed.value), previousFailures },
      'Processing message',
    );
    try {
      await this.options.handler(parsed.value, { objectType, headers: delivery.headers, previousFailures });
    } catch (err) {
      const failures = this.attempts.fail(key);
      const detail = errorSummary(err);
      if (auto) {
        this.attempts.clear(key);
        log.error(
          { ...ids, err: detail },
          'Handler failed; message already auto-acked, relying on reconciliation',
        );
        return 'auto-failed';
      }
      if (failures >= this.options.maxAttempts) {
        this.attempts.clear(key);
        log.error({ ...ids, err: detail, failures }, 'Handler failed too often, dead-lettering message');
        delivery.nack(false);
        return 'dead-lettered';
      }
      const delay = backoffDelay(this.options.retryDelay, failures - 1, this.random);
      log.warn(
        { ...ids, err: detail, failures, maxAttempts: this.options.maxAttempts, delayMs: Math.round(delay) },
        'Handler failed, requeueing',
      );
      if (delay > 0) await this.sleep(delay);
      delivery.nack(true);
      return 'requeued';
    }
    this.attempts.clear(key);
    if (auto) return 'auto-acked';
    delivery.ack();
    this.hotLog.debug(ids, 'Message acknowledged');
    return 'acked';
  }
}
