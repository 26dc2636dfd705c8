// What happens to one delivered message: parse it against the protocol schema, run the handler, and only then
// settle it with the broker. In client-individual mode: ACK after the handler's effects are done; a handler failure
// is NACKed for redelivery (after a short backoff) until `maxAttempts` failures, then NACKed with `requeue: false`
// so RabbitMQ dead-letters it into `waldur.dlq.messages` via the queue's x-dead-letter-* arguments. A body that
// is not JSON or fails the schema is dead-lettered at once. Nothing here ever throws into the consumer.
import type { MessageFor, ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { StompAckMode } from '../config/config-schema.js';
import { ProcessingLine, type ProcessingFields } from '../logging/processing-line.js';
import { backoffDelay, realSleep, type BackoffOptions, type Sleep } from '../util/backoff.js';
import { DeliveryAttempts, deliveryKey, type StompHeaders } from './delivery-attempts.js';
import { FAST_CHECKS, parseHotPath } from './hot-path-parse.js';

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

/**
 * Handles one message. A handler that has nothing to wait for may return without a promise: its message is then
 * settled in the same tick, without a promise per message (docs/agent.md#consumer-hot-path).
 */
export type MessageHandler<T extends ObservableObjectType = ObservableObjectType> = (
  message: MessageFor<T>,
  context: HandlerContext,
) => void | Promise<void>;

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
  /** The one INFO line per message (processing-line.ts). */
  private readonly line: ProcessingLine;
  /** The parsed payload of a valid body is the body's JSON itself (hot-path-parse.ts): the log may embed the body. */
  private readonly bodyIsValue: boolean;

  constructor(private readonly options: DeliveryProcessorOptions<T>) {
    this.line = new ProcessingLine(options.log);
    this.bodyIsValue = FAST_CHECKS[options.objectType] !== undefined;
    this.attempts = options.attempts ?? new DeliveryAttempts();
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** The outcome, at once when the handler finished synchronously (or never ran), else a promise of it. */
  process(delivery: Delivery): DeliveryOutcome | Promise<DeliveryOutcome> {
    const { objectType, ackMode, log } = this.options;
    const key = deliveryKey(delivery.headers, delivery.body);
    const redelivered = delivery.headers.redelivered === 'true';

    const parsed = parseHotPath(objectType, delivery.body);
    if (!parsed.ok) {
      const auto = ackMode === 'auto';
      log.error(
        {
          objectType,
          messageKey: key,
          redelivered,
          code: parsed.error.code,
          reason: parsed.error.message,
          body: delivery.body.slice(0, 500),
        },
        auto ? 'Invalid message dropped (ack mode auto)' : 'Invalid message, dead-lettering',
      );
      if (auto) return 'auto-invalid';
      delivery.nack(false);
      return 'dead-lettered';
    }

    // Hot path (docs/agent.md#consumer-hot-path): one record object per message, no child logger, and no promise
    // unless the handler returns one.
    const previousFailures = this.attempts.begin(key, redelivered);
    const fields = { objectType, messageKey: key, redelivered, previousFailures };
    this.line.write(fields, parsed.value, this.bodyIsValue ? delivery.body : null);
    let pending: void | Promise<void>;
    try {
      pending = this.options.handler(parsed.value, {
        objectType,
        headers: delivery.headers,
        previousFailures,
      });
    } catch (err) {
      return this.failed(delivery, fields, err);
    }
    if (pending === undefined) return this.succeeded(delivery, fields);
    return pending.then(
      () => this.succeeded(delivery, fields),
      (err: unknown) => this.failed(delivery, fields, err),
    );
  }

  /** After the handler's effect: ACK (client-individual). */
  private succeeded(delivery: Delivery, fields: ProcessingFields): DeliveryOutcome {
    this.attempts.clear(fields.messageKey);
    if (this.options.ackMode === 'auto') return 'auto-acked';
    delivery.ack();
    this.options.log.debug(fields, 'Message acknowledged');
    return 'acked';
  }

  private async failed(delivery: Delivery, fields: ProcessingFields, err: unknown): Promise<DeliveryOutcome> {
    const { log, maxAttempts } = this.options;
    const key = fields.messageKey;
    const failures = this.attempts.fail(key);
    const detail = errorSummary(err);
    if (this.options.ackMode === 'auto') {
      this.attempts.clear(key);
      log.error(
        { ...fields, err: detail },
        'Handler failed; message already auto-acked, relying on reconciliation',
      );
      return 'auto-failed';
    }
    if (failures >= maxAttempts) {
      this.attempts.clear(key);
      log.error({ ...fields, err: detail, failures }, 'Handler failed too often, dead-lettering message');
      delivery.nack(false);
      return 'dead-lettered';
    }
    const delay = backoffDelay(this.options.retryDelay, failures - 1, this.random);
    log.warn(
      { ...fields, err: detail, failures, maxAttempts, delayMs: Math.round(delay) },
      'Handler failed, requeueing',
    );
    if (delay > 0) await this.sleep(delay);
    delivery.nack(true);
    return 'requeued';
  }
}
