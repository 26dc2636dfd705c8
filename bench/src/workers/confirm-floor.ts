// The broker's own publishing floor for the relay, measured in the relay's worker on the same vhost: bare
// amqplib on one confirm channel, persistent messages of the relay's size to a durable queue, (a) with up to
// `window` confirms in flight (what one AMQP channel sustains) and (b) awaiting each confirm (serial).
import { performance } from 'node:perf_hooks';
import type { ConfirmChannel } from 'amqplib';

export interface ConfirmFloorRun {
  readonly window: number;
  readonly messages: number;
  /** Messages per second, first send → last confirm. */
  readonly rate: number;
}

export async function confirmFloor(
  channel: ConfirmChannel,
  queue: string,
  body: Buffer,
  messages: number,
  window: number,
): Promise<ConfirmFloorRun> {
  const options = { persistent: true, mandatory: true, contentType: 'application/json' };
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
        channel.sendToQueue(queue, body, options, (err: unknown) => {
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
  return { window, messages, rate: (messages / (performance.now() - t0)) * 1000 };
}
