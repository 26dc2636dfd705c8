// The unified path delivers every object type through one `consumer_<uuid>` queue
// (docs/protocol.md#unified-path); the envelope names its type in `object_type`. This sink reads that field and
// hands the delivery to the type's own DeliveryProcessor, so parsing, acks, retries and dead-lettering stay exactly as on the legacy
// path. A body without a known, subscribed object_type is dead-lettered (client-individual) or dropped (auto).
import type { ObservableObjectType } from '@waldur-sim/protocol';
import type { Logger } from 'pino';
import type { StompAckMode } from '../config/config-schema.js';
import type { Delivery, DeliveryOutcome } from './delivery-processor.js';
import type { MessageSink } from './stomp-consumer.js';

export function envelopeObjectType(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const value = (parsed as { object_type?: unknown }).object_type;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

export class ObjectTypeRouter implements MessageSink {
  constructor(
    private readonly sinks: ReadonlyMap<ObservableObjectType, MessageSink>,
    private readonly ackMode: StompAckMode,
    private readonly log: Logger,
  ) {}

  process(delivery: Delivery): DeliveryOutcome | Promise<DeliveryOutcome> {
    const objectType = envelopeObjectType(delivery.body);
    const sink = objectType === null ? undefined : this.sinks.get(objectType as ObservableObjectType);
    if (sink !== undefined) return sink.process(delivery);
    this.log.error(
      { objectType, body: delivery.body.slice(0, 500) },
      'Unified message without a subscribed object_type',
    );
    if (this.ackMode === 'auto') return 'auto-invalid';
    delivery.nack(false);
    return 'dead-lettered';
  }
}
