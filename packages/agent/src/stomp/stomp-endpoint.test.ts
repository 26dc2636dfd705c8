import { describe, expect, it } from 'vitest';
import { testOffering } from '../testing/test-context.js';
import { stompEndpoint } from './stomp-endpoint.js';

describe('stompEndpoint (docs/protocol.md#endpoint)', () => {
  it('defaults to the API host, /rmqws-stomp, wss and port 443', () => {
    expect(stompEndpoint(testOffering({ waldur_api_url: 'https://waldur.example.com/api/' })).url).toBe(
      'wss://waldur.example.com:443/rmqws-stomp',
    );
  });

  it('keys the default port off verify_ssl (real agent quirk), the scheme off websocket_use_tls', () => {
    expect(stompEndpoint(testOffering({ verify_ssl: false, websocket_use_tls: true })).url).toBe(
      'wss://waldur.test:80/rmqws-stomp',
    );
    expect(stompEndpoint(testOffering({ verify_ssl: true, websocket_use_tls: false })).url).toBe(
      'ws://waldur.test:443/rmqws-stomp',
    );
  });

  it('uses explicit host, port and path', () => {
    const e = stompEndpoint(
      testOffering({
        stomp_ws_host: '127.0.0.1',
        stomp_ws_port: 15674,
        stomp_ws_path: 'ws',
        websocket_use_tls: false,
      }),
    );
    expect(e).toEqual({
      scheme: 'ws',
      host: '127.0.0.1',
      port: 15674,
      path: '/ws',
      url: 'ws://127.0.0.1:15674/ws',
    });
  });

  it('brackets IPv6 hosts', () => {
    expect(stompEndpoint(testOffering({ stomp_ws_host: '::1', stomp_ws_port: 15674 })).url).toBe(
      'wss://[::1]:15674/rmqws-stomp',
    );
  });
});
