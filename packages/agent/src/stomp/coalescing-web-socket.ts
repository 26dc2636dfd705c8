// A `ws` client WebSocket whose sends of one tick share one socket write. stompjs sends every ACK as its own
// WebSocket frame and `ws` writes each frame at once: one writev syscall per ACK, the largest single CPU item of
// the agent's per-message path in the profile (docs/agent.md#consumer-hot-path). The frames on the wire stay the
// same (one WebSocket frame per STOMP frame, same order); only the syscalls are merged, and an ACK still leaves
// only after its handler finished (it is merely held until the end of that tick).
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { TickCork, type Corkable } from './tick-cork.js';

type SendCallback = (err?: Error) => void;
// The last `send` overload: (data, options, cb?).
type SendData = Parameters<WebSocket['send']>[0];
type SendOptions = Parameters<WebSocket['send']>[1];

export class CoalescingWebSocket extends WebSocket {
  private transport: Corkable | null = null;
  private readonly cork = new TickCork();

  constructor(address: string | URL, protocols: string | string[], options: WebSocket.ClientOptions) {
    super(address, protocols, options);
    // The upgrade response's socket is the one the WebSocket then writes to (public `ws` event).
    this.once('upgrade', (response: IncomingMessage) => {
      this.transport = response.socket;
    });
  }

  override send(data: SendData, options?: SendOptions | SendCallback, cb?: SendCallback): void {
    if (this.transport !== null && this.readyState === WebSocket.OPEN) this.cork.hold(this.transport);
    if (typeof options === 'function') super.send(data, options);
    else if (options === undefined) super.send(data, cb);
    else super.send(data, options, cb);
  }
}
