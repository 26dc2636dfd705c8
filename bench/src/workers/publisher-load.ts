// Worker for scenarios 3 and 4 (publisher side): the publisher's event path in one process, without HTTP —
// OutboxEventRecorder commits events in transactions (as the REST handlers do) and OutboxRelay publishes them
// over AMQP with publisher confirms, woken by LISTEN/NOTIFY — so this process's CPU and RSS are the event path's
// cost. The relay's AMQP publisher is wrapped to time each confirm. For each fan-out level (queues per event):
// paced events (one at a time: record time, commit→last confirm, CPU, RSS) and, for some levels, throughput runs
// (a committed backlog drained by a freshly started relay; events/s to the last confirm). Finally the same paced
// events on another offering with one queue while the big level's queues still exist ("unrelated" size).
// The throughput runs alternate the publisher's Prometheus metrics off and on in pairs (off, on, on, off, off, on…:
// a fresh relay per run, with or without the metrics observer), so the overhead is measured in the same run under
// the same drift and neither side is always first (docs/metrics.md#overhead).
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { DEAD_LETTER_QUEUE, queueName, SUBSCRIPTION_QUEUE_ARGUMENTS } from '@waldur-sim/protocol';
import {
  AmqpPublisher,
  amqpPublishOptions,
  DEFAULT_CONFIRM_WINDOW,
  buildApp,
  createServices,
  newHexId,
  openDatabase,
  OutboxEventRecorder,
  OutboxRelay,
  PublisherMetrics,
  runSeed,
  type MessagePublisher,
  type OutgoingMessage,
  type RelayObserver,
} from '@waldur-sim/publisher';
import { amqpConnectOptions } from '../amqp-connect-options.js';
import { readMemory } from '../harness/proc-stats.js';
import { confirmFloor, type ConfirmFloorRun } from './confirm-floor.js';
import { readWorkerInput, runWorker, say, writeWorkerOutput } from './worker-io.js';

export interface PublisherLoadInput {
  readonly databaseUrl: string;
  readonly amqpUrl: string;
  /** With credentials: http://user:pass@host:port */
  readonly managementUrl: string;
  readonly webStompUrl: string;
  readonly levels: readonly number[];
  readonly pacedEvents: Readonly<Record<string, number>>;
  readonly throughputEvents: Readonly<Record<string, number>>;
  readonly throughputRuns: number;
  readonly unrelatedEvents: number;
  /** Messages per run of the bare amqplib confirm floors (pipelined, serial). */
  readonly floorMessages: { readonly pipelined: number; readonly serial: number };
}

export interface PacedLevel {
  readonly queues: number;
  /** Total subscription queues in the database at the time. */
  readonly totalQueues: number;
  readonly offering: 'main' | 'other';
  /** Transaction time of recording one event (outbox rows written, committed), ms. */
  readonly recordMs: number[];
  /** Commit → broker confirm of the event's last message, ms. */
  readonly relayMs: number[];
  /** CPU time of the whole process per event (record + relay), ms. */
  readonly cpuMs: number[];
  readonly rssMiB: number[];
  readonly hwmMiB: number;
}

export interface ThroughputRun {
  readonly fanout: number;
  /** The relay reported to PublisherMetrics (docs/metrics.md#publisher) during this run. */
  readonly metrics: boolean;
  readonly events: number;
  readonly messages: number;
  /** First → last confirm, scaled to all messages (× n/(n−1)), ms. */
  readonly ms: number;
}

export interface PublisherLoadOutput {
  readonly paced: PacedLevel[];
  readonly throughput: ThroughputRun[];
  /** Bare amqplib confirm floors, measured between the throughput runs (same vhost, queue and body size). */
  readonly floor: ConfirmFloorRun[];
  readonly baseRssMiB: number;
}

/** The relay's AMQP publisher with a confirm counter the worker can wait on. */
class TimedPublisher implements MessagePublisher {
  confirmed = 0;
  private waiters: { count: number; resolve: (at: number) => void }[] = [];

  constructor(private readonly inner: MessagePublisher) {}

  async publish(msg: OutgoingMessage): Promise<void> {
    await this.inner.publish(msg);
    this.confirmed += 1;
    const at = performance.now();
    const ready = this.waiters.filter((w) => w.count <= this.confirmed);
    this.waiters = this.waiters.filter((w) => w.count > this.confirmed);
    for (const w of ready) w.resolve(at);
  }

  /** Resolves with the time of the confirm that made the total reach `count`. */
  waitFor(count: number, timeoutMs = 120_000): Promise<number> {
    if (this.confirmed >= count) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`only ${this.confirmed} of ${count} messages confirmed within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({
        count,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

async function main(): Promise<void> {
  const { input: raw, outputFile } = readWorkerInput();
  const input = raw as PublisherLoadInput;
  const db = await openDatabase({ databaseUrl: input.databaseUrl });
  const publicUrl = 'http://127.0.0.1:9';
  // The metrics-on runs' registry, as `serve` builds it (docs/metrics.md#overhead).
  const metrics = new PublisherMetrics({ prisma: db.prisma });
  const observed = (on: boolean): { observer?: RelayObserver } => (on ? { observer: metrics.relay } : {});
  const services = createServices({
    prisma: db.prisma,
    publicBaseUrl: publicUrl,
    rabbitmqManagementUrl: input.managementUrl,
  });
  const main = await runSeed(db.prisma, { publicUrl, webStompUrl: input.webStompUrl, prefix: 'load-main-' });
  const other = await runSeed(db.prisma, {
    publicUrl,
    webStompUrl: input.webStompUrl,
    prefix: 'load-other-',
  });
  const vhost = main.staff.id;
  await services.provisioner.ensureVhost(vhost);

  // One order per offering to emit events about (created through the REST handler, no listener needed).
  const app = await buildApp(services, { docs: false });
  const createOrder = async (offeringId: string, projectId: string, token: string): Promise<string> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/marketplace-orders/',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      payload: {
        offering: `${publicUrl}/api/marketplace-public-offerings/${offeringId}/`,
        project: `${publicUrl}/api/projects/${projectId}/`,
        type: 'Create',
        limits: { cpu: 1, mem: 1 },
      },
    });
    if (response.statusCode !== 201)
      throw new Error(`order create -> ${response.statusCode}: ${response.body}`);
    return (JSON.parse(response.body) as { uuid: string }).uuid.replaceAll('-', '');
  };
  const mainOrder = await createOrder(main.offering.id, main.consumer.projectId, main.consumer.user.token);
  const otherOrder = await createOrder(
    other.offering.id,
    other.consumer.projectId,
    other.consumer.user.token,
  );
  await app.close();

  const conn = await amqp.connect(amqpConnectOptions(input.amqpUrl, vhost));
  const channel = await conn.createConfirmChannel();
  await channel.assertQueue(DEAD_LETTER_QUEUE, { durable: true });
  const queues = new Map<string, string[]>([
    [main.offering.id, []],
    [other.offering.id, []],
  ]);

  /** Subscriptions of the staff user observing orders, each with a queue on `offeringId`, up to `count`. */
  const ensureQueues = async (offeringId: string, count: number): Promise<void> => {
    const names = queues.get(offeringId) ?? [];
    const missing = count - names.length;
    if (missing <= 0) return;
    const subs = Array.from({ length: missing }, () => newHexId());
    await db.prisma.eventSubscription.createMany({
      data: subs.map((id) => ({
        id,
        userId: main.staff.id,
        description: 'bench',
        observableObjects: [{ object_type: 'order' }],
      })),
    });
    await db.prisma.subscriptionQueue.createMany({
      data: subs.map((subscriptionId) => ({
        id: newHexId(),
        subscriptionId,
        offeringId,
        objectType: 'order',
      })),
    });
    for (const subscriptionUuid of subs) {
      const name = queueName({ subscriptionUuid, offeringUuid: offeringId, objectType: 'order' });
      await channel.assertQueue(name, { durable: true, arguments: { ...SUBSCRIPTION_QUEUE_ARGUMENTS } });
      names.push(name);
    }
    queues.set(offeringId, names);
  };
  const purgeAll = async (): Promise<void> => {
    for (const names of queues.values()) for (const name of names) await channel.purgeQueue(name);
  };
  const totalQueues = (): number => [...queues.values()].reduce((s, n) => s + n.length, 0);

  const publisher = new TimedPublisher(new AmqpPublisher({ amqpUrl: input.amqpUrl }));
  // A relay per phase (a stopped OutboxRelay cannot be restarted); the AMQP publisher is shared and stays warm.
  let relay = new OutboxRelay({ databaseUrl: db.url, publisher });
  await relay.start();
  const recorder = new OutboxEventRecorder();
  let expected = 0;

  const commit = async (orderId: string): Promise<number> =>
    db.prisma.$transaction((tx) => recorder.orderStateChanged(tx, orderId));
  const maxId = async (): Promise<bigint> => {
    const rows = await db.prisma.$queryRaw<{ m: bigint | null }[]>`SELECT max(id) AS m FROM "OutboxMessage"`;
    return rows[0]?.m ?? 0n;
  };

  const paced = async (
    orderId: string,
    events: number,
    queuesPerEvent: number,
    offering: 'main' | 'other',
  ): Promise<PacedLevel> => {
    const recordMs: number[] = [];
    const relayMs: number[] = [];
    const rssMiB: number[] = [];
    const cpuMs: number[] = [];
    // one untimed event to warm the path at this size
    expected += await commit(orderId);
    await publisher.waitFor(expected);
    for (let i = 0; i < events; i += 1) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const rows = await commit(orderId);
      const t1 = performance.now();
      if (rows !== queuesPerEvent)
        throw new Error(`event fanned out to ${String(rows)} queues, expected ${String(queuesPerEvent)}`);
      expected += rows;
      const tc = await publisher.waitFor(expected);
      recordMs.push(t1 - t0);
      relayMs.push(tc - t1);
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
      rssMiB.push(readMemory('self')?.rssMiB ?? Number.NaN);
    }
    return {
      queues: queuesPerEvent,
      totalQueues: totalQueues(),
      offering,
      recordMs,
      relayMs,
      cpuMs,
      rssMiB,
      hwmMiB: readMemory('self')?.hwmMiB ?? Number.NaN,
    };
  };

  /**
   * Throughput of committed events → broker confirms: with the relay stopped, `events` copies of one event's
   * outbox rows (as the recorder wrote them) are committed, then a fresh relay is started and timed until the
   * last confirm. Recording cost is in the paced figures; this is the publishing capacity.
   */
  const drain = async (
    orderId: string,
    events: number,
    fanout: number,
    metricsOn: boolean,
  ): Promise<ThroughputRun> => {
    const before = await maxId();
    expected += await commit(orderId);
    await publisher.waitFor(expected);
    const after = await maxId();
    await relay.stop();
    await db.prisma.$executeRaw`
      INSERT INTO "OutboxMessage" (vhost, queue, topic, body, headers, "objectType", "subscriptionQueueId")
      SELECT m.vhost, m.queue, m.topic, m.body, m.headers, m."objectType", m."subscriptionQueueId"
        FROM generate_series(1, ${events}::int) AS g CROSS JOIN "OutboxMessage" m
       WHERE m.id > ${before} AND m.id <= ${after}
       ORDER BY g, m.id`;
    relay = new OutboxRelay({ databaseUrl: db.url, publisher, ...observed(metricsOn) });
    await relay.start();
    // Timed from the first confirm to the last, so the relay's connection set-up is not counted.
    const first = publisher.waitFor(expected + 1);
    expected += events * fanout;
    const last = publisher.waitFor(expected, 600_000);
    const t0 = await first;
    const tc = await last;
    return {
      fanout,
      metrics: metricsOn,
      events,
      messages: events * fanout,
      ms: ((tc - t0) * (events * fanout)) / (events * fanout - 1),
    };
  };

  /**
   * Floor runs beside a throughput run, window 200 (the goal's floor): the relay's own messages (its body,
   * properties and headers table) spread over the level's queues as the relay's are, and the same awaiting each
   * confirm; plus plain messages (no headers table) to the first queue, as a reference; and the relay's messages
   * again with the relay's own window, for what a bigger window gives bare amqplib.
   */
  const floors = async (level: number): Promise<ConfirmFloorRun[]> => {
    const levelQueues = (queues.get(main.offering.id) ?? []).slice(0, level);
    const first = levelQueues[0];
    const rows = await db.prisma.$queryRaw<{ body: string; headers: Record<string, string> }[]>`
      SELECT body, headers FROM "OutboxMessage" LIMIT 1`;
    if (first === undefined || rows[0] === undefined) return [];
    const body = Buffer.from(rows[0].body, 'utf8');
    const relayOptions = amqpPublishOptions(rows[0].headers, rows[0].body);
    const { pipelined, serial } = input.floorMessages;
    const runs = [
      () => confirmFloor(channel, levelQueues, body, pipelined, 200, relayOptions),
      () => confirmFloor(channel, [first], body, serial, 1, relayOptions),
      () => confirmFloor(channel, [first], body, pipelined, 200),
      () => confirmFloor(channel, levelQueues, body, pipelined, DEFAULT_CONFIRM_WINDOW, relayOptions),
    ];
    const out: ConfirmFloorRun[] = [];
    for (const run of runs) {
      out.push(await run());
      // Emptied after each run: the queues are bounded (docs/guarantees.md#quotas-and-broker-limits).
      for (const q of levelQueues) await channel.purgeQueue(q);
    }
    return out;
  };

  const output: PublisherLoadOutput = {
    paced: [],
    throughput: [],
    floor: [],
    baseRssMiB: readMemory('self')?.rssMiB ?? Number.NaN,
  };
  for (const level of input.levels) {
    await ensureQueues(main.offering.id, level);
    say(`level ${String(level)}: ${String(totalQueues())} queues; paced events`);
    output.paced.push(await paced(mainOrder, input.pacedEvents[String(level)] ?? 5, level, 'main'));
    await purgeAll();
    const k = input.throughputEvents[String(level)];
    if (k !== undefined) {
      for (let r = 0; r < input.throughputRuns; r += 1) {
        // ABBA: off, on, then on, off… so the first run after the floors' purge is not always the same one.
        for (const on of r % 2 === 0 ? [false, true] : [true, false]) {
          say(
            `level ${String(level)}: throughput run ${String(r + 1)} (${String(k)} events), metrics ${on ? 'on' : 'off'}`,
          );
          output.throughput.push(await drain(mainOrder, k, level, on));
          await purgeAll();
        }
        output.floor.push(...(await floors(level)));
      }
    }
  }
  await ensureQueues(other.offering.id, 1);
  say(`unrelated: 1 queue on another offering, ${totalQueues()} queues in total`);
  output.paced.push(await paced(otherOrder, input.unrelatedEvents, 1, 'other'));

  await relay.stop();
  await publisher.close();
  await conn.close();
  await services.provisioner.deleteVhost(vhost);
  await db.close();
  writeWorkerOutput(outputFile, output);
  say('done');
}

runWorker(main);
