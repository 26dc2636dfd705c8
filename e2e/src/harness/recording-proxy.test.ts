import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingProxy } from './recording-proxy.js';

let upstream: Server;
let upstreamUrl: string;
let proxy: RecordingProxy;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.writeHead(201, {
        'content-type': 'application/json',
        link: `<${upstreamUrl}/api/items/?page=2>; rel="next"`,
      });
      response.end(JSON.stringify({ echoed: body === '' ? null : (JSON.parse(body) as unknown) }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${String((upstream.address() as AddressInfo).port)}`;
  proxy = await RecordingProxy.start(upstreamUrl);
});

afterAll(async () => {
  await proxy.stop();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('RecordingProxy', () => {
  it('forwards, records method, path, repeated query keys, body and answer, and keeps pagination on the proxy', async () => {
    const response = await fetch(`${proxy.url}/api/items/?state=a&state=b&page_size=100`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ limits: { cpu: 1 } }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echoed: { limits: { cpu: 1 } } });
    expect(response.headers.get('link')).toBe(`<${proxy.url}/api/items/?page=2>; rel="next"`);
    expect(proxy.exchanges()).toEqual([
      {
        method: 'POST',
        path: '/api/items/',
        query: { state: ['a', 'b'], page_size: ['100'] },
        body: { limits: { cpu: 1 } },
        status: 201,
        response: { echoed: { limits: { cpu: 1 } } },
      },
    ]);
  });
});
