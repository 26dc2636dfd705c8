// Scenarios 3 and 4 (publisher side). The publisher's event path runs in a worker process of its own (see
// workers/publisher-load.ts) against a fresh database; the Waldur-style baseline (a new STOMP connection per
// message) runs here, right after it, against the same broker. Every ratio uses figures of this run. The relay's
// throughput runs alternate metrics off and on (metrics-overhead.ts); the other figures are metrics off.
import { DEFAULT_CONFIRM_WINDOW } from '@waldur-sim/publisher';
import type { BenchContext } from '../bench-context.js';
import { runWorkerProcess } from '../harness/run-worker.js';
import type { PublisherLoadInput, PublisherLoadOutput } from '../workers/publisher-load.js';
import { recordMetricsOverhead } from './metrics-overhead.js';
import { runWaldurBaseline } from './waldur-baseline.js';

const S3 = '3 publish';
/** The goal's floor: what one AMQP channel sustains with 200 confirms in flight (issue #13). */
const FLOOR_WINDOW = 200;
const S4 = '4 scale (publisher)';

function managementUrlWithCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/+$/, '');
}

export async function runPublish(ctx: BenchContext): Promise<void> {
  const { broker, results, settings, workDir } = ctx;
  const s = settings.publish;
  const databaseUrl = await ctx.db.createDatabase('pub');
  // The baseline's runs are split around the publisher's, so drift of the machine hits both alike.
  const before = Math.ceil(s.baselineRuns / 2);
  ctx.progress(
    `publish: Waldur-style baseline, new STOMP connection per message (${String(before)} × ${String(s.baselineMessages)})`,
  );
  const nagleBefore = await runWaldurBaseline(ctx, false, before, s.baselineMessages);
  ctx.progress(`publish: worker (levels ${s.levels.join(', ')} queues per event)`);
  const out = await runWorkerProcess<PublisherLoadOutput>(
    'publisher-load',
    'publish-worker',
    {
      databaseUrl,
      amqpUrl: broker.amqpUrl,
      managementUrl: managementUrlWithCredentials(
        broker.managementUrl,
        broker.adminUser,
        broker.adminPassword,
      ),
      webStompUrl: broker.webStompUrl,
      levels: s.levels,
      pacedEvents: s.pacedEvents,
      throughputEvents: s.throughputEvents,
      throughputRuns: s.throughputRuns,
      unrelatedEvents: s.unrelatedEvents,
      floorMessages: s.floorMessages,
    } satisfies PublisherLoadInput,
    workDir,
    12 * 60_000,
  );
  results.detail('publish.worker', out);

  for (const level of out.paced) {
    const key = level.offering === 'main' ? String(level.queues) : 'unrelated';
    const what =
      level.offering === 'main'
        ? `${level.queues} queue${level.queues === 1 ? '' : 's'} per event`
        : `1 queue per event, ${level.totalQueues - 1} other queues in the database`;
    results.add(
      {
        id: `publish.record.${key}`,
        scenario: S4,
        label: `record an event (outbox rows + commit), ${what}`,
        unit: 'ms',
        nOf: 'events',
      },
      level.recordMs,
    );
    results.add(
      {
        id: `publish.relay.${key}`,
        scenario: S4,
        label: `commit → last broker confirm, ${what}`,
        unit: 'ms',
        nOf: 'events',
      },
      level.relayMs,
    );
    results.add(
      {
        id: `publish.cpu.${key}`,
        scenario: S4,
        label: `publisher CPU per event (record + relay), ${what}`,
        unit: 'ms',
        nOf: 'events',
      },
      level.cpuMs,
    );
    results.add(
      {
        id: `publish.rss.${key}`,
        scenario: S4,
        label: `publisher event-path RSS, ${what}`,
        unit: 'MiB',
        nOf: 'events',
        note: `VmHWM ${level.hwmMiB.toFixed(0)} MiB`,
      },
      level.rssMiB,
    );
  }
  const fanouts = [...new Set(out.throughput.map((t) => t.fanout))];
  for (const f of fanouts) {
    const runs = out.throughput.filter((t) => t.fanout === f && !t.metrics);
    results.addRate(
      {
        id: `publish.events.${f}`,
        scenario: S3,
        label: `publisher relay: events/s, committed outbox → broker confirm, fan-out ${f}`,
        unit: 'events/s',
        nOf: 'runs',
      },
      runs.map((r) => (r.events / r.ms) * 1000),
    );
    results.addRate(
      {
        id: `publish.msgs.${f}`,
        scenario: S3,
        label: `publisher relay: messages/s, committed outbox → broker confirm, fan-out ${f}`,
        unit: 'msg/s',
        nOf: 'runs',
      },
      runs.map((r) => (r.messages / r.ms) * 1000),
    );
    recordMetricsOverhead(results, {
      what: `relay msg/s at fan-out ${f}`,
      offId: `publish.msgs.${f}`,
      on: {
        id: `publish.msgs.${f}.metrics`,
        scenario: S3,
        label: `publisher relay: messages/s, fan-out ${f}, with Prometheus metrics on (same run, interleaved)`,
        unit: 'msg/s',
        nOf: 'runs',
      },
      offRuns: runs.map((r) => (r.messages / r.ms) * 1000),
      onRuns: out.throughput
        .filter((t) => t.fanout === f && t.metrics)
        .map((r) => (r.messages / r.ms) * 1000),
      ratioId: `ratio.metrics.publish.${f}`,
    });
  }

  recordConfirmFloors(ctx, out, fanouts);

  ctx.progress(
    `publish: Waldur-style baseline${s.baselineRuns > before ? ` again (${String(s.baselineRuns - before)} × ${String(s.baselineMessages)}) and` : ''} with TCP_NODELAY`,
  );
  const nagleAfter = await runWaldurBaseline(ctx, false, s.baselineRuns - before, s.baselineMessages);
  const nagle = {
    rates: [...nagleBefore.rates, ...nagleAfter.rates],
    perMessage: [...nagleBefore.perMessage, ...nagleAfter.perMessage],
  };
  results.addRate(
    {
      id: 'baseline.msgs',
      scenario: S3,
      label: 'Waldur-style: connection per message, stompjs + tcp-wrapper as shipped (Nagle on)',
      unit: 'msg/s',
      nOf: 'runs',
    },
    nagle.rates,
  );
  results.add(
    {
      id: 'baseline.per-message',
      scenario: S3,
      label: 'Waldur-style: time per message (CONNECT … DISCONNECT receipt), Nagle on',
      unit: 'ms',
      nOf: 'messages',
    },
    nagle.perMessage,
  );
  const nodelay = await runWaldurBaseline(ctx, true, s.baselineRuns, s.baselineMessages * 4);
  results.addRate(
    {
      id: 'baseline-nodelay.msgs',
      scenario: S3,
      label: 'Waldur-style with TCP_NODELAY on the client socket',
      unit: 'msg/s',
      nOf: 'runs',
    },
    nodelay.rates,
  );
  for (const f of fanouts) {
    results.addRate(
      {
        id: `baseline.events.${f}`,
        scenario: S3,
        label: `Waldur-style: events/s at fan-out ${f} (measured msg/s ÷ ${f})`,
        unit: 'events/s',
        nOf: 'runs',
        kind: 'derived',
        note: 'one connection per message, so an event to f queues costs f connections',
      },
      nagle.rates.map((r) => r / f),
    );
    results.ratio(
      `ratio.publish.${f}`,
      S3,
      `publisher / Waldur-style baseline, events/s at fan-out ${f}`,
      `publish.events.${f}`,
      `baseline.events.${f}`,
    );
  }
  results.ratio(
    'ratio.publish.nodelay',
    S3,
    'publisher (fan-out 1) / Waldur-style with TCP_NODELAY, msg/s',
    'publish.msgs.1',
    'baseline-nodelay.msgs',
  );
  results.ratio(
    'ratio.baseline.nagle',
    S3,
    'Waldur-style: TCP_NODELAY / as shipped (cost of Nagle + delayed ACK)',
    'baseline-nodelay.msgs',
    'baseline.msgs',
  );
}

/** The broker's publishing floors measured between the relay's throughput runs, and the relay beside them. */
function recordConfirmFloors(ctx: BenchContext, out: PublisherLoadOutput, fanouts: readonly number[]): void {
  const { results } = ctx;
  const plain = out.floor.filter((f) => f.window === FLOOR_WINDOW && !f.relayHeaders).map((f) => f.rate);
  const serial = out.floor.filter((f) => f.window === 1).map((f) => f.rate);
  const floorFigure = (id: string, label: string, rates: number[]): void => {
    results.addRate(
      {
        id,
        scenario: S3,
        label,
        unit: 'msg/s',
        nOf: 'runs',
        note: 'bare amqplib, same vhost, body and run',
      },
      rates,
    );
  };
  floorFigure(
    'floor.confirm.plain',
    'floor: amqplib persistent publish, confirms pipelined (window 200), one queue, no headers table',
    plain,
  );
  floorFigure(
    'floor.confirm.serial',
    "floor: amqplib publish of the relay's messages, each confirm awaited (serial), one queue",
    serial,
  );
  for (const f of fanouts) {
    // The relay at fan-out f writes f queues, and every message carries Waldur's STOMP headers as an AMQP headers
    // table: both cost the broker. Its goal compares it with bare amqplib publishing exactly the relay's messages
    // to the same queues (bench/README.md, scenario 3); the plain one-queue floor is printed beside it.
    const floorId = `floor.confirm.pipelined.${f}`;
    floorFigure(
      floorId,
      `floor: amqplib publish of the relay's messages (its headers), confirms pipelined (window 200), ${f === 1 ? 'one queue' : `spread over the relay's ${f} queues`}`,
      out.floor
        .filter((r) => r.window === FLOOR_WINDOW && r.relayHeaders && r.queues === f)
        .map((r) => r.rate),
    );
    // The relay's own window is larger than the goal's floor's; bare amqplib with that window, for comparison.
    const wideId = `floor.confirm.relay-window.${f}`;
    floorFigure(
      wideId,
      `floor: the same with the relay's window (${String(DEFAULT_CONFIRM_WINDOW)} confirms in flight), ${f === 1 ? 'one queue' : `${f} queues`}`,
      out.floor
        .filter((r) => r.window === DEFAULT_CONFIRM_WINDOW && r.relayHeaders && r.queues === f)
        .map((r) => r.rate),
    );
    results.ratio(
      `ratio.relay-floor-window.${f}`,
      S3,
      `publisher relay msg/s at fan-out ${f} / amqplib with the relay's window (${String(DEFAULT_CONFIRM_WINDOW)}), same messages and queues`,
      `publish.msgs.${f}`,
      wideId,
    );
    results.ratio(
      `ratio.relay-floor-plain.${f}`,
      S3,
      `publisher relay msg/s at fan-out ${f} / plain amqplib floor (one queue, no headers table)`,
      `publish.msgs.${f}`,
      'floor.confirm.plain',
    );
    const id = `ratio.relay-floor.${f}`;
    results.ratio(
      id,
      S3,
      `publisher relay msg/s at fan-out ${f} / amqplib floor publishing the relay's messages to the same queues`,
      `publish.msgs.${f}`,
      floorId,
    );
    results.goal({
      label: `relay msg/s at fan-out ${f} ≥ 0.8 × pipelined-confirm floor (same messages, same queues)`,
      ref: id,
      op: '≥',
      target: 0.8,
      unit: '×',
    });
  }
  results.ratio(
    'ratio.relay-serial.1',
    S3,
    'publisher relay msg/s at fan-out 1 / amqplib serial-confirm floor',
    'publish.msgs.1',
    'floor.confirm.serial',
  );
  results.goal({
    label: 'publisher CPU per event at fan-out 100 ≤ 10 ms',
    ref: 'publish.cpu.100',
    op: '≤',
    target: 10,
    unit: 'ms',
  });
}
