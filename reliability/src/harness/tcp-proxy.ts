// A loopback TCP proxy of the test's own, between a client (agent, publisher) and a broker port. cut() turns it
// into a black hole: bytes in both directions are silently dropped and new connections are accepted but never
// reach the broker, like a pulled cable (no RST, no FIN), so only heart-beats can notice. restore() drops the
// connections that lived through the cut (both ends have given up on them by then) and forwards again.
// refuse() resets every connection at once instead, like a broker that is down (fast connection errors).
import net from 'node:net';
import { ReliabilityError } from './reliability-error.js';

interface Pair {
  readonly client: net.Socket;
  upstream: net.Socket | null;
  /** Opened before or during a cut: its bytes are dropped until restore() destroys it. */
  cut: boolean;
}

export interface ProxyStats {
  readonly connections: number;
  readonly open: number;
  readonly cut: boolean;
}

export class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private isCut = false;
  private isRefusing = false;
  private accepted = 0;
  private listenPort = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => {
      this.accept(client);
    });
  }

  /** Listens on 127.0.0.1:`port` (0 = any free port) and forwards to target. */
  static async start(
    targetPort: number,
    options: { port?: number; targetHost?: string } = {},
  ): Promise<TcpProxy> {
    const proxy = new TcpProxy(options.targetHost ?? '127.0.0.1', targetPort);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(options.port ?? 0, '127.0.0.1', () => {
        proxy.server.off('error', reject);
        resolve();
      });
    });
    const address = proxy.server.address();
    if (address === null || typeof address === 'string')
      throw new ReliabilityError('PROXY', 'proxy has no TCP address');
    proxy.listenPort = address.port;
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  get stats(): ProxyStats {
    return { connections: this.accepted, open: this.pairs.size, cut: this.isCut };
  }

  private accept(client: net.Socket): void {
    this.accepted += 1;
    if (this.isRefusing) {
      client.destroy();
      return;
    }
    const pair: Pair = { client, upstream: null, cut: this.isCut };
    this.pairs.add(pair);
    client.on('error', () => {
      this.drop(pair);
    });
    client.on('close', () => {
      this.drop(pair);
    });
    client.on('data', (chunk: Buffer) => {
      if (!pair.cut) pair.upstream?.write(chunk);
    });
    if (pair.cut) return;
    client.pause();
    const upstream = net.connect(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on('connect', () => {
      client.resume();
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.cut) client.write(chunk);
    });
    upstream.on('error', () => {
      this.drop(pair);
    });
    upstream.on('close', () => {
      // During a cut the client must not learn that the far end went away.
      if (!pair.cut) this.drop(pair);
    });
    client.on('end', () => {
      if (!pair.cut) upstream.end();
    });
    upstream.on('end', () => {
      if (!pair.cut) client.end();
    });
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }

  /** Black hole: drop every byte both ways, hold new connections without forwarding. */
  cut(): void {
    this.isCut = true;
    for (const pair of this.pairs) pair.cut = true;
  }

  /** The broker is "down": every connection is reset at once, new ones too (fast connection errors). */
  refuse(): void {
    this.isRefusing = true;
    this.resetAll();
  }

  /** Forward again; connections that lived through the cut are destroyed. */
  restore(): void {
    this.isCut = false;
    this.isRefusing = false;
    for (const pair of [...this.pairs]) if (pair.cut) this.drop(pair);
  }

  /** Destroys every connection (an abrupt reset) without changing the mode. */
  resetAll(): void {
    for (const pair of [...this.pairs]) this.drop(pair);
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
