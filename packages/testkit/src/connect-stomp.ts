// Opens a @stomp/stompjs Client over Web-STOMP the way the site agent does, and settles only once the
// broker answered CONNECT: CONNECTED resolves, an ERROR frame or an early socket close rejects.
// node 20 has no global WebSocket, so the factory uses `ws` with the STOMP sub-protocols RabbitMQ expects.
import { Client } from '@stomp/stompjs';
import WebSocket from 'ws';
import type { BrokerEndpoints } from './broker-endpoints.js';
import { StompConnectError } from './testkit-error.js';

export const STOMP_SUBPROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'] as const;

export interface ConnectStompOptions {
  /** `ws://host:port/ws` (see BrokerEndpoints.webStompUrl). */
  readonly url: string;
  readonly login: string;
  readonly passcode: string;
  /** The CONNECT `host` header, i.e. the RabbitMQ vhost; default `/`. */
  readonly vhost?: string;
  /** Heart-beats both ways in ms (the agent uses 10 000); 0 disables. */
  readonly heartbeatMs?: number;
  readonly timeoutMs?: number;
  readonly connectHeaders?: Readonly<Record<string, string>>;
}

function stringHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return headers === undefined ? {} : Object.fromEntries(Object.entries(headers));
}

/** Admin login on the default vhost of `broker`. */
export function adminStompOptions(broker: BrokerEndpoints, vhost = '/'): ConnectStompOptions {
  return { url: broker.webStompUrl, login: broker.adminUser, passcode: broker.adminPassword, vhost };
}

/** Resolves with an active, connected client; call `client.deactivate()` when done. */
export function connectStomp(options: ConnectStompOptions): Promise<Client> {
  const heartbeat = options.heartbeatMs ?? 10_000;
  const connectHeaders: Record<string, string> = {
    ...stringHeaders(options.connectHeaders),
    login: options.login,
    passcode: options.passcode,
    host: options.vhost ?? '/',
  };
  const client = new Client();
  client.webSocketFactory = () => new WebSocket(options.url, [...STOMP_SUBPROTOCOLS]);
  client.connectHeaders = connectHeaders;
  client.heartbeatIncoming = heartbeat;
  client.heartbeatOutgoing = heartbeat;
  client.reconnectDelay = 0;

  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (error: StompConnectError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void client.deactivate();
      reject(error);
    };
    const timeoutMs = options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      fail(new StompConnectError(`no CONNECTED from ${options.url} within ${timeoutMs} ms`));
    }, timeoutMs);

    client.onConnect = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(client);
    };
    client.onStompError = (frame) => {
      const reason = frame.headers.message ?? 'ERROR frame';
      fail(
        new StompConnectError(
          `STOMP CONNECT to vhost ${JSON.stringify(options.vhost ?? '/')} refused: ${reason}: ${frame.body}`,
          {
            frameHeaders: stringHeaders(frame.headers),
            frameBody: frame.body,
          },
        ),
      );
    };
    client.onWebSocketClose = (event: { code?: number; reason?: string }) => {
      fail(
        new StompConnectError(
          `socket to ${options.url} closed before CONNECTED (code ${event.code ?? '?'} ${event.reason ?? ''})`.trim(),
        ),
      );
    };
    client.onWebSocketError = (event: unknown) => {
      const cause = (event as { error?: unknown }).error ?? event;
      fail(new StompConnectError(`socket error on ${options.url}`, { cause }));
    };
    client.activate();
  });
}
