// Unit tests of the harness pieces the checkers rely on: the route-tree parser, the repeated-write detector, the
// summary table, and the TCP proxy's black hole.
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { repeatedWrites } from './checker.js';
import { concretePath, parseRouteTree } from './route-table.js';
import type { LoggedCommand } from './slurm-shim.js';
import { formatSummary } from './summary-table.js';
import { TcpProxy } from './tcp-proxy.js';

describe('parseRouteTree', () => {
  test('rebuilds full paths and methods from fastify printRoutes output', () => {
    const tree = [
      '├── /api/docs (GET, HEAD)',
      '│   └── / (GET, HEAD)',
      '│       └── json (GET, HEAD)',
      '├── /api/marketplace-orders/ (GET, HEAD, POST)',
      '│   └── :uuid/ (GET, HEAD)',
      '│       └── approve_by_consumer/ (POST)',
      '└── /api/event-subscriptions/ (GET, HEAD, POST)',
    ].join('\n');
    const routes = parseRouteTree(tree).map((r) => `${r.method} ${r.path}`);
    expect(routes).toContain('GET /api/docs/json');
    expect(routes).toContain('POST /api/marketplace-orders/');
    expect(routes).toContain('POST /api/marketplace-orders/:uuid/approve_by_consumer/');
    expect(routes).toContain('POST /api/event-subscriptions/');
    expect(routes).not.toContain('POST /api/marketplace-orders/:uuid/');
    expect(concretePath('/api/x/:uuid/y/', { uuid: 'abc' })).toBe('/api/x/abc/y/');
  });
});

describe('repeatedWrites', () => {
  const cmd = (argv: string, stdout: string, exitCode = 0): LoggedCommand => ({
    tool: 'sacctmgr',
    exitCode,
    argv: argv.split(' '),
    stdout,
  });
  test('flags adds that found the effect already there and removes that found nothing', () => {
    const log = [
      cmd('-i add account a description="x"', ' Adding Account(s)'),
      cmd('-i add account a description="x"', ' Data has not changed since time specified'),
      cmd('-i add user u account=a', ' Data has not changed since time specified'),
      cmd('-i remove user where name=u and account=a', ' Nothing deleted', 1),
      cmd('-i show account a', 'a|x|a'),
      cmd('-i modify account a set GrpTRESMins=cpu=1', ' Modified account associations...'),
    ];
    expect(repeatedWrites(log)).toHaveLength(3);
  });
});

describe('formatSummary', () => {
  test('one aligned row per case, "never" when a case did not recover', () => {
    const text = formatSummary([
      { fault: 'broker SIGKILL', events: 200, lost: 0, duplicated: 0, recoverySeconds: 12.34 },
      { fault: 'x', events: 5, lost: 1, duplicated: 2, recoverySeconds: null, note: 'n' },
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('12.3');
    expect(lines[3]).toContain('never');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe('TcpProxy', () => {
  test('forwards, black-holes while cut, and forwards new connections after restore', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const port = (echo.address() as net.AddressInfo).port;
    const proxy = await TcpProxy.start(port);
    const roundTrip = (socket: net.Socket, text: string, timeoutMs: number): Promise<string | undefined> =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          resolve(undefined);
        }, timeoutMs);
        socket.once('data', (d: Buffer) => {
          clearTimeout(timer);
          resolve(d.toString());
        });
        socket.write(text);
      });
    const connect = (): Promise<net.Socket> =>
      new Promise((resolve) => {
        const s = net.connect(proxy.port, '127.0.0.1', () => {
          resolve(s);
        });
      });
    try {
      const a = await connect();
      expect(await roundTrip(a, 'ping', 2000)).toBe('ping');
      proxy.cut();
      expect(await roundTrip(a, 'lost', 300)).toBeUndefined();
      expect(a.destroyed).toBe(false);
      proxy.restore();
      const b = await connect();
      expect(await roundTrip(b, 'again', 2000)).toBe('again');
      a.destroy();
      b.destroy();
    } finally {
      await proxy.close();
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});
