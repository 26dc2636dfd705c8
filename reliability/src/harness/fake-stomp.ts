// An in-memory STOMP client for the agent's StompConsumer (its `createStompClientFactory` dependency): activate()
// "connects" at once, SUBSCRIBE callbacks are kept, and a test delivers MESSAGE frames itself and sees how each
// was settled (ACK, NACK for redelivery, NACK requeue:false = dead-letter).
import type { IFrame, IMessage, StompHeaders } from '@stomp/stompjs';
import type { AgentDeps, StompClientLike } from '@waldur-sim/agent';

export type Settlement = 'ack' | 'requeue' | 'dead-letter';

type ClientFactoryMaker = NonNullable<AgentDeps['createStompClientFactory']>;
type Callbacks = Parameters<ReturnType<ClientFactoryMaker>>[0];

interface Subscription {
  readonly destination: string;
  readonly callback: (message: IMessage) => void;
}

const EMPTY = new Uint8Array();
const CONNECTED = JSON.parse('{"command":"CONNECTED","headers":{},"body":"","isBinaryBody":false}') as IFrame;

export class FakeStompBroker {
  private readonly subscriptions = new Map<string, Subscription>();
  private counter = 0;

  /** The dependency to hand to EventProcessAgent. */
  readonly factory: ClientFactoryMaker = () => (callbacks: Callbacks) => this.client(callbacks);

  private client(callbacks: Callbacks): StompClientLike {
    const subscriptions = this.subscriptions;
    const client = {
      connected: false,
      activate(): void {
        queueMicrotask(() => {
          client.connected = true;
          callbacks.onConnect(CONNECTED);
        });
      },
      deactivate(): Promise<void> {
        client.connected = false;
        return Promise.resolve();
      },
      subscribe(destination: string, callback: (message: IMessage) => void) {
        subscriptions.set(destination, { destination, callback });
        return { id: destination, unsubscribe: () => subscriptions.delete(destination) };
      },
    };
    return client;
  }

  destinations(): string[] {
    return [...this.subscriptions.keys()];
  }

  /**
   * Delivers `body` to the consumer of `destination` and resolves with how it was settled. The delivery
   * callback itself must not throw (that would escape into the STOMP client).
   */
  deliver(
    destination: string,
    body: string,
    headers: Readonly<Record<string, string>> = {},
    timeoutMs = 10_000,
  ): Promise<Settlement> {
    const sub = this.subscriptions.get(destination);
    if (sub === undefined) return Promise.reject(new Error(`nobody subscribed to ${destination}`));
    this.counter += 1;
    return new Promise<Settlement>((resolve, reject) => {
      let settled = false;
      const settle = (how: Settlement): void => {
        if (settled) {
          reject(new Error(`message settled twice (${how})`));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(how);
      };
      const timer = setTimeout(() => {
        reject(new Error(`message to ${destination} not settled within ${timeoutMs} ms`));
      }, timeoutMs);
      const message = {
        command: 'MESSAGE',
        headers: {
          destination,
          'message-id': `T_${this.counter}`,
          subscription: destination,
          redelivered: 'false',
          ...headers,
        },
        body,
        isBinaryBody: false,
        binaryBody: EMPTY,
        ack: () => {
          settle('ack');
        },
        nack: (h?: StompHeaders) => {
          settle(h?.requeue === 'false' ? 'dead-letter' : 'requeue');
        },
      } as unknown as IMessage;
      sub.callback(message);
    });
  }
}
