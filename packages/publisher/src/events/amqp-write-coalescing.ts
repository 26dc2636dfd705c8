// amqplib hands every published message to its socket with a write() of its own, so a burst of N publishes costs
// N system calls, the largest share of the relay's CPU per message. Corking the socket while amqplib's
// multiplexer empties its channel buffers turns each such burst into one writev (up to the socket's high-water
// mark). This reaches into amqplib's connection (`connection.muxer`, `connection.stream`), so it checks their
// shape and leaves the connection as it is when they differ (docs/guarantees.md#relay-pipelining).

interface CorkableStream {
  cork(): void;
  uncork(): void;
}

interface MuxLike {
  _readIncoming(): void;
}

interface ConnectionInternals {
  readonly connection?: { readonly muxer?: unknown; readonly stream?: unknown };
}

function isCorkable(x: unknown): x is CorkableStream {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as CorkableStream).cork === 'function' &&
    typeof (x as CorkableStream).uncork === 'function'
  );
}

function isMux(x: unknown): x is MuxLike {
  return typeof x === 'object' && x !== null && typeof (x as MuxLike)._readIncoming === 'function';
}

/** Wraps the connection's multiplexer pass in cork/uncork; false when amqplib's internals are not as expected. */
export function coalesceSocketWrites(model: object): boolean {
  const connection = (model as ConnectionInternals).connection;
  const mux = connection?.muxer;
  const stream = connection?.stream;
  if (!isMux(mux) || !isCorkable(stream)) return false;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the mux as `this` below
  const pass = mux._readIncoming;
  mux._readIncoming = function coalescedPass(this: MuxLike): void {
    stream.cork();
    try {
      pass.call(this);
    } finally {
      stream.uncork();
    }
  };
  return true;
}
