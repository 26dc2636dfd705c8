// A recording HTTP proxy between our agent and the publisher: the agent's `waldur_api_url` points here, every
// request is forwarded unchanged and recorded with its answer, so the scenarios can check what our agent really
// sends against Waldur's contract (not against the publisher, which would accept its own mistakes).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the agent made and what the publisher answered. */
export interface RecordedExchange {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Query parameters as sent, every value of a repeated key kept in order. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Parsed JSON request body; undefined when none was sent; the raw text when it was not JSON. */
  readonly body: unknown;
  readonly status: number;
  /** Parsed JSON answer; undefined when empty; the raw text when it was not JSON. */
  readonly response: unknown;
}

/** Request/response headers not to copy across the hop (node and fetch set their own). */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
]);

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readAll(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return query;
}

export class RecordingProxy {
  private readonly recorded: RecordedExchange[] = [];

  private constructor(
    private readonly server: Server,
    /** Origin of the proxy, e.g. http://127.0.0.1:4711. */
    readonly url: string,
    private readonly target: string,
  ) {}

  /** Listens on a free loopback port and forwards to the `target` origin (e.g. the publisher's URL). */
  static async start(target: string): Promise<RecordingProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const proxy = new RecordingProxy(server, `http://127.0.0.1:${port}`, new URL(target).origin);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      void proxy.forward(request, response);
    });
    return proxy;
  }

  /** Every exchange so far, in the order the answers were sent. */
  exchanges(): readonly RecordedExchange[] {
    return this.recorded;
  }

  private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.target);
    try {
      const text = await readAll(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name)) headers.set(name, String(value));
      }
      const answer = await fetch(url, {
        method,
        headers,
        ...(text === '' ? {} : { body: text }),
        redirect: 'manual',
      });
      const answerText = await answer.text();
      this.recorded.push({
        method,
        path: url.pathname,
        query: queryOf(url),
        body: parseJson(text),
        status: answer.status,
        response: parseJson(answerText),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        // Pagination links carry the publisher's own origin: keep the agent on the proxy for the next page.
        if (!HOP_HEADERS.has(name)) out[name] = value.replaceAll(this.target, this.url);
      });
      response.writeHead(answer.status, out).end(answerText);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${(error as Error).message}`);
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
      this.server.closeAllConnections();
    });
  }
}
