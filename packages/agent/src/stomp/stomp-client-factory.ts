// Builds real @stomp/stompjs clients over the `ws` package: STOMP 1.2, heart-beats 10 s/10 s, vhost in `host`,
// login = subscription UUID hex, passcode = API token (docs/protocol.md#credentials-and-frames). stompjs's own reconnect is disabled
// (reconnectDelay 0): the StompConsumer owns the single reconnect loop. TLS: optional CA file and verification.
import { Client, StompHeaders, Versions, type IStompSocket } from '@stomp/stompjs';
import type { Logger } from 'pino';
import { CoalescingWebSocket } from './coalescing-web-socket.js';
import type { StompClientFactory } from './stomp-consumer.js';

export interface StompClientSettings {
  url: string;
  vhost: string;
  login: string;
  passcode: string;
  heartbeatMs?: number;
  /** Give up on a connect attempt (WebSocket + CONNECTED) after this long; 0 disables. */
  connectionTimeoutMs?: number;
  /** PEM CA bundle for wss:// (stomp_ws_ca_file). */
  ca?: Buffer;
  /** Verify the server certificate for wss:// (stomp_ws_verify_tls). */
  rejectUnauthorized?: boolean;
  log: Logger;
}

const STOMP_12 = new Versions([Versions.V1_2]);
const noDebug = (): void => undefined;

export function createStompClientFactory(settings: StompClientSettings): StompClientFactory {
  const heartbeat = settings.heartbeatMs ?? 10_000;
  const timeout = settings.connectionTimeoutMs ?? 30_000;
  return (callbacks) => {
    const client = new Client();
    client.webSocketFactory = (): IStompSocket => {
      // ACKs of one tick leave in one socket write (coalescing-web-socket.ts).
      const socket = new CoalescingWebSocket(settings.url, STOMP_12.protocolVersions(), {
        ...(settings.ca === undefined ? {} : { ca: settings.ca }),
        rejectUnauthorized: settings.rejectUnauthorized ?? true,
        handshakeTimeout: timeout,
        // No permessage-deflate: small JSON frames gain nothing, and each connection would pay zlib CPU per
        // frame and zlib buffers per socket (docs/agent.md#consumer-hot-path).
        perMessageDeflate: false,
      });
      return socket;
    };
    client.stompVersions = STOMP_12;
    const connectHeaders = new StompHeaders();
    connectHeaders.host = settings.vhost;
    connectHeaders.login = settings.login;
    connectHeaders.passcode = settings.passcode;
    client.connectHeaders = connectHeaders;
    client.heartbeatIncoming = heartbeat;
    client.heartbeatOutgoing = heartbeat;
    client.reconnectDelay = 0;
    client.connectionTimeout = timeout;
    client.discardWebsocketOnCommFailure = true;
    // stompjs reports every frame here; only pay for the redaction when trace logging is on.
    client.debug = settings.log.isLevelEnabled('trace')
      ? (msg) => {
          settings.log.trace(msg.replace(/passcode:[^\n]*/g, 'passcode:***'));
        }
      : noDebug;
    client.onConnect = (frame) => {
      callbacks.onConnect(frame);
    };
    client.onStompError = (frame) => {
      callbacks.onStompError(frame);
    };
    client.onWebSocketClose = (evt: { code?: number; reason?: string }) => {
      callbacks.onWebSocketClose({ code: evt.code, reason: evt.reason });
    };
    client.onWebSocketError = (evt: unknown) => {
      const e = evt as { message?: unknown; error?: { message?: unknown } };
      const message = e.error?.message ?? e.message;
      callbacks.onWebSocketError(typeof message === 'string' ? message : 'websocket error');
    };
    return client;
  };
}
