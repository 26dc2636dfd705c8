// Holds a writable stream corked until the end of the current tick, so everything written in one tick leaves in one
// write (one syscall) instead of one per write. The agent settles the messages of one socket read in one tick, so
// their ACKs share a syscall (docs/agent.md#consumer-hot-path).

/** The part of a Node stream (net.Socket, tls.TLSSocket) the cork needs. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export type DeferFn = (fn: () => void) => void;

const nextTick: DeferFn = (fn) => {
  process.nextTick(fn);
};

export class TickCork {
  private held = false;

  /** `defer` runs its callback after the current tick's microtasks (process.nextTick by default). */
  constructor(private readonly defer: DeferFn = nextTick) {}

  /** Corks `target` unless this tick already did; it is uncorked once, after the tick. */
  hold(target: Corkable): void {
    if (this.held) return;
    this.held = true;
    target.cork();
    this.defer(() => {
      this.held = false;
      target.uncork();
    });
  }
}
