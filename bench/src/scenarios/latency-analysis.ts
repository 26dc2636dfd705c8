// Scenario 1's analysis: each order sample joined with the SLURM commands (timing wrapper) and the provider's
// REST calls (publisher request log) in its window, and the polled samples split into wait and processing.
import type { RequestEntry, RequestLog } from '../harness/request-log.js';
import { commandsBetween, totalDuration, type TimedCommand } from '../harness/slurm-timing.js';
import type { OrderSample } from './latency-samplers.js';

export interface Analysed extends OrderSample {
  readonly latency: number;
  readonly alloc: number;
  readonly slurmMs: number;
  readonly slurmCommands: number;
  /** REST calls about this order or its resource in [t0, done], other than the consumer's create + approve. */
  readonly providerRest: RequestEntry[];
}

export function analyse(
  samples: readonly OrderSample[],
  commands: readonly TimedCommand[],
  requests: RequestLog,
): Analysed[] {
  return samples.map((s) => {
    const inWindow = commandsBetween(commands, s.t0, s.tDone);
    const add = inWindow.find(
      (c) =>
        c.tool === 'sacctmgr' &&
        c.args.includes('add') &&
        c.args.includes('account') &&
        c.args.includes(s.backendId),
    );
    const consumerCalls = new Set([
      `POST /api/marketplace-orders/`,
      `POST /api/marketplace-orders/${s.order}/approve_by_consumer/`,
    ]);
    // Only calls naming this order or its resource: the other agent's polling and follow-ups of the previous
    // order run in the background and are not this order's cost.
    const providerRest = requests
      .between(Math.floor(s.t0) - 1, s.tDone)
      .filter(
        (e) =>
          (e.url.includes(s.order) || e.url.includes(s.resource)) &&
          !consumerCalls.has(`${e.method} ${e.url.split('?')[0] ?? ''}`),
      );
    return {
      ...s,
      latency: s.tDone - s.t0,
      alloc: add === undefined ? Number.NaN : add.end - s.t0,
      slurmMs: totalDuration(inWindow),
      slurmCommands: inWindow.length,
      providerRest,
    };
  });
}

export function restShape(entries: readonly RequestEntry[], ids: readonly string[]): string[] {
  return entries.map((e) => {
    let url = e.url;
    for (const id of ids) url = url.replaceAll(id, '{id}');
    return `${e.method} ${url}`;
  });
}

export interface PollSplit {
  readonly consumer: number;
  readonly wait: number;
  readonly processing: number;
}

export function splitPolled(polled: readonly Analysed[], requests: RequestLog): PollSplit[] {
  // Processing part of a polled sample: from the poll's order-list request that returned the order (the last
  // list request before the agent's first read of it) to done; the wait before that list is what the period sets.
  return polled.map((p) => {
    const firstGet = requests.entries.find(
      (e) =>
        e.method === 'GET' &&
        e.url.split('?')[0] === `/api/marketplace-orders/${p.order}/` &&
        e.start >= p.t0 - 1,
    );
    const pickedAt = firstGet?.start ?? p.tDone;
    const lists = requests.entries.filter(
      (e) => e.method === 'GET' && e.url.split('?')[0] === '/api/marketplace-orders/' && e.start <= pickedAt,
    );
    const pickup = lists.at(-1)?.start ?? pickedAt;
    return { consumer: p.tApproved - p.t0, wait: pickup - p.tApproved, processing: p.tDone - pickup };
  });
}
