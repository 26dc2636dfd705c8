// The broker's own publishing floor for the relay, measured in the relay's worker on the same vhost: bare
// amqplib on one confirm channel, persistent messages to durable queues, (a) with up to `window` confirms in
// flight (what one AMQP channel sustains) and (b) awaiting each confirm (serial). Message i goes to
// queues[i % queues.length]: to one queue, or spread over the same queues as the relay's fan-out. The properties
// are either plain (persistent, content type) or exactly the relay's (Waldur's STOMP headers as an AMQP headers
// table): the broker's cost per message grows with the queues it writes to and with the headers it stores.
import { performance } from 'node:perf_hooks';
import type { ConfirmChannel, Options } from 'amqplib';

/** The plain properties: no headers table. */
export const PLAIN_PUBLISH: Options.Publish = {
  persistent: true,
  mandatory: true,
  contentType: 'application/json',
};

export interface ConfirmFloorRun {
  readonly window: number;
  readonly messages: number;
  /** Queues the messages were spread over. */
  readonly queues: number;
  /** The relay's own properties and headers (else PLAIN_PUBLISH). */
  readonly relayHeaders: boolean;
  /** Messages per second, first send → last confirm. */
  readonly rate: number;
}

export async function confirmFloor(
  channel: ConfirmChannel,
  queues: readonly string[],
  body: Buffer,
  messages: number,
  window: number,
  relayOptions?: Options.Publish,
): Promise<ConfirmFloorRun> {
  if (queues.length === 0) throw new RangeError('confirmFloor needs at least one queue');
  const options = relayOptions ?? PLAIN_PUBLISH;
  let inFlight = 0;
  let freed: (() => void) | null = null;
  const state: { failure: Error | null } = { failure: null };
  const t0 = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < messages; i += 1) {
    while (inFlight >= window) await new Promise<void>((resolve) => (freed = resolve));
    if (state.failure !== null) throw state.failure;
    inFlight += 1;
    all.push(
      new Promise<void>((resolve) => {
        channel.sendToQueue(queues[i % queues.length] ?? '', body, options, (err: unknown) => {
          if (err !== null && err !== undefined)
            state.failure =
              err instanceof Error ? err : new Error('broker nacked the message', { cause: err });
          inFlight -= 1;
          const wake = freed;
          freed = null;
          wake?.();
          resolve();
        });
      }),
    );
  }
  await Promise.all(all);
  if (state.failure !== null) throw state.failure;
  return {
    window,
    messages,
    queues: queues.length,
    relayHeaders: relayOptions !== undefined,
    rate: (messages / (performance.now() - t0)) * 1000,
  };
}
