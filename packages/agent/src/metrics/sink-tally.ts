// One consumer's message counts and handler durations, kept as plain numbers on the message path and handed to
// prom-client in batches: at scrape time, or once FLUSH_EVERY durations have piled up (bounded memory when nobody
// scrapes). prom-client hashes the label values on every inc() and observe(), even through labels() children;
// here a message costs two integer increments and an array push (docs/metrics.md#overhead).
import type client from 'prom-client';

export const FLUSH_EVERY = 64;

export type Settled = 'acked' | 'nacked' | 'dead_lettered';

export class SinkTally {
  private received = 0;
  private readonly settled: Record<Settled, number> = { acked: 0, nacked: 0, dead_lettered: 0 };
  private readonly seconds: number[] = [];

  constructor(
    private readonly objectType: string,
    private readonly messages: client.Counter<'object_type' | 'outcome'>,
    private readonly handlerSeconds: client.Histogram<'object_type'>,
  ) {
    // Every outcome shows up as 0 from the consumer's start, not only after its first message.
    for (const outcome of ['received', 'acked', 'nacked', 'dead_lettered'])
      messages.inc({ object_type: objectType, outcome }, 0);
    handlerSeconds.zero({ object_type: objectType });
  }

  receive(): void {
    this.received += 1;
  }

  settle(outcome: Settled, seconds: number): void {
    this.settled[outcome] += 1;
    this.seconds.push(seconds);
    if (this.seconds.length >= FLUSH_EVERY) this.flush();
  }

  /** Moves what was tallied since the last flush into the prom-client metrics. */
  flush(): void {
    const type = this.objectType;
    if (this.received > 0) this.messages.inc({ object_type: type, outcome: 'received' }, this.received);
    this.received = 0;
    for (const outcome of ['acked', 'nacked', 'dead_lettered'] as const) {
      const n = this.settled[outcome];
      if (n > 0) this.messages.inc({ object_type: type, outcome }, n);
      this.settled[outcome] = 0;
    }
    if (this.seconds.length > 0) {
      const child = this.handlerSeconds.labels(type);
      for (const s of this.seconds) child.observe(s);
      this.seconds.length = 0;
    }
  }
}
