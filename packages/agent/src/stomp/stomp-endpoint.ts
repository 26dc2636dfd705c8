// Web-STOMP endpoint of an offering (docs/protocol.md#endpoint): host from stomp_ws_host or the API URL, path
// `/rmqws-stomp` by default, scheme from websocket_use_tls. The default port keeps the real agent's quirk (443 if
// verify_ssl else 80 — keyed off verify_ssl, not websocket_use_tls, docs/agent.md#quirk-default-stomp-port); the config loader warns when the two
// disagree so operators set stomp_ws_port explicitly.
import type { OfferingConfig } from '../config/config-schema.js';

export const DEFAULT_STOMP_WS_PATH = '/rmqws-stomp';

export interface StompEndpoint {
  scheme: 'ws' | 'wss';
  host: string;
  port: number;
  path: string;
  url: string;
}

export function stompEndpoint(o: OfferingConfig): StompEndpoint {
  const host = o.stomp_ws_host ?? new URL(o.waldur_api_url).hostname;
  const port = o.stomp_ws_port ?? (o.verify_ssl ? 443 : 80);
  const rawPath = o.stomp_ws_path ?? DEFAULT_STOMP_WS_PATH;
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const scheme = o.websocket_use_tls ? 'wss' : 'ws';
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { scheme, host, port, path, url: `${scheme}://${hostPart}:${String(port)}${path}` };
}
