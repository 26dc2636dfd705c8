// The publisher's request log (fastify at info: "incoming request" with method and url, "request completed" with
// status and responseTime, joined by reqId), indexed incrementally. The latency scenarios take an order's "done"
// moment from here: when the publisher answered `set_state_done` — the same point for the agent and the floor
// script — and count the REST calls an order cost.
import type { LogFile } from './log-file.js';

export interface RequestEntry {
  readonly reqId: string;
  readonly method: string;
  readonly url: string;
  /** ms since epoch (log time of "incoming request"). */
  readonly start: number;
  end?: number;
  status?: number;
  responseTime?: number;
}

export class RequestLog {
  readonly entries: RequestEntry[] = [];
  private readonly byId = new Map<string, RequestEntry>();
  private cursor = 0;

  constructor(private readonly log: LogFile) {}

  refresh(): void {
    this.log.refresh();
    const records = this.log.records;
    for (; this.cursor < records.length; this.cursor += 1) {
      const j = records[this.cursor]?.json;
      if (j === undefined || typeof j.reqId !== 'string' || typeof j.time !== 'number') continue;
      if (j.msg === 'incoming request') {
        const req = j.req as { method?: unknown; url?: unknown } | undefined;
        const method = typeof req?.method === 'string' ? req.method : '';
        const url = typeof req?.url === 'string' ? req.url : '';
        const entry: RequestEntry = { reqId: j.reqId, method, url, start: j.time };
        this.entries.push(entry);
        this.byId.set(j.reqId, entry);
      } else if (j.msg === 'request completed') {
        const entry = this.byId.get(j.reqId);
        if (entry === undefined) continue;
        entry.end = j.time;
        const res = j.res as { statusCode?: unknown } | undefined;
        if (typeof res?.statusCode === 'number') entry.status = res.statusCode;
        if (typeof j.responseTime === 'number') entry.responseTime = j.responseTime;
      }
    }
  }

  /** The first completed request with this method whose path (query stripped) is `path`, started at or after `from`. */
  completed(method: string, path: string, from = 0): RequestEntry | undefined {
    this.refresh();
    return this.entries.find(
      (e) => e.method === method && e.url.split('?')[0] === path && e.start >= from && e.end !== undefined,
    );
  }

  between(from: number, to: number): RequestEntry[] {
    this.refresh();
    return this.entries.filter((e) => e.start >= from && e.start <= to);
  }
}
