// Log lines written in one tick leave in one write. The agent logs a line per delivered message and handles the
// messages of one socket read in one tick; sonic-boom's asynchronous mode re-measures its whole pending buffer on
// every line (a cost that grows with the lines queued behind a write in progress), and its synchronous mode makes a
// syscall per line. Batching per tick in front of a synchronous sonic-boom keeps one syscall per tick and every
// line in order (docs/agent.md#consumer-hot-path). Pending lines are written at the end of the tick, on `flush`,
// and when the process exits.

/** Where the batch goes: a synchronous pino destination (sonic-boom with `sync: true`). */
export interface LineSink {
  write(chunk: string): unknown;
}

export type Defer = (fn: () => void) => void;

const nextTick: Defer = (fn) => {
  process.nextTick(fn);
};

export class TickBatchedStream {
  private pending: string[] = [];

  /** `defer` runs its callback after the current tick's microtasks (process.nextTick by default). */
  constructor(
    private readonly sink: LineSink,
    private readonly defer: Defer = nextTick,
  ) {}

  write(line: string): boolean {
    if (this.pending.length === 0) this.defer(this.flush);
    this.pending.push(line);
    return true;
  }

  /** Writes what is pending now (idempotent; also the deferred end-of-tick call). */
  readonly flush = (): void => {
    const lines = this.pending;
    if (lines.length === 0) return;
    this.pending = [];
    this.sink.write(lines.length === 1 ? (lines[0] ?? '') : lines.join(''));
  };
}
