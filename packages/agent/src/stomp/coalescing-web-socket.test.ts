// Against a real `ws` server on loopback: the frames arrive unchanged and in order, and the sends of one tick
// reach the TCP socket as one write instead of one per frame.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CoalescingWebSocket } from './coalescing-web-socket.js';

interface Open {
  server: WebSocketServer;
  client: WebSocket;
  received: string[];
  /** Socket-level writes of the client (Node's net.Socket _write + _writev calls). */
  writes: () => number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function open(make: (url: string) => WebSocket): Promise<Open> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const received: string[] = [];
  server.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => received.push(data.toString()));
  });
  const { port } = server.address() as { port: number };
  const client = make(`ws://127.0.0.1:${String(port)}`);
  let socket: Socket | undefined;
  client.once('upgrade', (res) => {
    socket = res.socket;
  });
  await new Promise<void>((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  let count = 0;
  const s = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const name of ['_write', '_writev'] as const) {
    const original = s[name].bind(s);
    s[name] = (...args: unknown[]) => {
      count += 1;
      original(...args);
    };
  }
  cleanups.push(async () => {
    client.terminate();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });
  return { server, client, received, writes: () => count };
}

const FRAMES = ['ACK\nid:1\n\n\0', 'ACK\nid:2\n\n\0', 'ACK\nid:3\n\n\0', 'ACK\nid:4\n\n\0'];

async function sendAll(o: Open): Promise<void> {
  for (const f of FRAMES) o.client.send(f);
  await new Promise<void>((resolve) => setImmediate(resolve));
  const deadline = Date.now() + 5000;
  while (o.received.length < FRAMES.length && Date.now() < deadline)
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
}

describe('CoalescingWebSocket', () => {
  it('sends the frames of one tick unchanged, in order, in one socket write', async () => {
    const o = await open((url) => new CoalescingWebSocket(url, ['v12.stomp'], { perMessageDeflate: false }));
    await sendAll(o);
    expect(o.received).toEqual(FRAMES);
    expect(o.writes()).toBe(1);
  });

  it('the plain ws client writes once per frame (what the coalescing saves)', async () => {
    const o = await open((url) => new WebSocket(url, ['v12.stomp'], { perMessageDeflate: false }));
    await sendAll(o);
    expect(o.received).toEqual(FRAMES);
    expect(o.writes()).toBe(FRAMES.length);
  });

  it('sends of later ticks go out too (the cork is released every tick)', async () => {
    const o = await open((url) => new CoalescingWebSocket(url, ['v12.stomp'], { perMessageDeflate: false }));
    await sendAll(o);
    o.client.send('tail');
    const deadline = Date.now() + 5000;
    while (o.received.length < FRAMES.length + 1 && Date.now() < deadline)
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    expect(o.received).toEqual([...FRAMES, 'tail']);
    expect(o.writes()).toBe(2);
  });
});
