// The fault suite (`pnpm test:faults`): one stack (private broker node, publisher, agent, slurm-mock), and per
// fault a stream of a few hundred orders and role changes during which the fault happens, followed by the
// lost/duplicated checker. Must hold for every fault: lost = 0, duplicated = 0, the agent keeps processing;
// poison and malformed messages end in waldur.dlq.messages. The summary table is printed at the end.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  agentQueues,
  deadLetters,
  publishRaw,
  purgeDeadLetters,
  type AgentQueue,
} from '../../src/harness/agent-queues.js';
import {
  createSuiteResources,
  planFor,
  runFaultCase,
  type CaseOutcome,
  type SuiteResources,
} from '../../src/harness/fault-case.js';
import { FaultStack } from '../../src/harness/fault-stack.js';
import { DATA_ROOT } from '../../src/harness/paths.js';
import { writeSummary, type SummaryRow } from '../../src/harness/summary-table.js';
import { waitFor } from '../../src/harness/wait-for.js';

let stack: FaultStack;
let resources: SuiteResources;
let queues: AgentQueue[];
let vhost: string;
const rows: SummaryRow[] = [];

function queue(objectType: string): AgentQueue {
  const q = queues.find((x) => x.objectType === objectType);
  if (q === undefined) throw new Error(`agent has no ${objectType} queue`);
  return q;
}

/** Waits (bounded) until at least `min` outbox rows are committed but not published; returns how many. */
function pendingRows(what: string, min: number): Promise<number> {
  return waitFor(
    what,
    async () => {
      const n = await stack.db.prisma.outboxMessage.count({ where: { state: 'pending' } });
      return n >= min ? n : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** Records the case's row (even when it fails) and asserts the invariants every fault must keep. */
function expectNothingLost(outcome: CaseOutcome): void {
  rows.push(outcome.row);
  const details = outcome.result.details.slice(0, 20).join('\n');
  const plan = planFor('');
  const planned = plan.creates + plan.updates + plan.terminates + plan.roleChanges;
  // Requests the publisher could not answer (it was down) are not events; most of the stream must be confirmed.
  expect(outcome.result.events, 'confirmed events in the stream').toBeGreaterThanOrEqual(
    Math.floor(planned * 0.75),
  );
  expect(outcome.result.lost, `lost effects:\n${details}`).toBe(0);
  expect(outcome.result.duplicated, `duplicated effects:\n${details}`).toBe(0);
  expect(stack.agent.running, 'agent still running').toBe(true);
}

beforeAll(async () => {
  // Its own embedded PostgreSQL: one case restarts the database server under the publisher.
  stack = await FaultStack.start({ name: 'suite', members: 6, ownPostgres: true });
  resources = await createSuiteResources(stack, 4);
  vhost = stack.world.seed.provider.owner.id;
  queues = await agentQueues(stack.db, vhost, stack.world.offeringId);
});

afterAll(async () => {
  const table = await writeSummary(join(DATA_ROOT, 'faults', 'summary.txt'), rows);
  console.log(
    `\nFault suite summary (lost = confirmed but never applied; duplicated = applied twice)\n${table}\n`,
  );
  await stack.stop();
});

// A case streams 500 events and then waits (bounded) for the backlog to drain: far longer than the project's
// default test timeout on a loaded 2-core machine. Never a timing assertion, only an upper bound.
const CASE_TIMEOUT_MS = 20 * 60_000;

describe('fault suite', { concurrent: false, timeout: CASE_TIMEOUT_MS }, () => {
  // Fails if the publisher published without confirms/persistence or the agent acked before its effect:
  // messages in flight or unconfirmed when the node dies would be lost.
  test('broker SIGKILL mid-stream, then restart', async () => {
    const outcome = await runFaultCase(stack, resources, {
      fault: 'broker SIGKILL + restart',
      inject: async (w) => {
        await w.reached(0.3);
        await stack.broker.kill();
        await sleep(3000);
        await stack.broker.restart();
        return undefined;
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if heart-beats were off (the dead link would never be noticed) or subscriptions were not renewed on
  // reconnect (stompjs does not): the agent would sit on a dead socket and the backlog would never drain.
  test('agent <-> Web-STOMP link cut for longer than two heart-beats', async () => {
    const outcome = await runFaultCase(stack, resources, {
      fault: 'link cut 25 s (> 2 heart-beats)',
      inject: async (w) => {
        await w.reached(0.3);
        const lostBefore = stack.agent.process.records('STOMP connection lost, reconnecting').length;
        const subscribedBefore = stack.agent.subscriptions();
        stack.stompProxy.cut();
        await sleep(25_000);
        // The agent noticed the silent link by itself (heart-beats), before anything was restored.
        const noticed =
          stack.agent.process.records('STOMP connection lost, reconnecting').length - lostBefore;
        stack.stompProxy.restore();
        await waitFor(
          'the agent to resubscribe after the cut',
          () => stack.agent.subscriptions() >= subscribedBefore + queues.length,
          {
            timeoutMs: 60_000,
          },
        );
        expect(noticed, 'connection losses the agent detected during the cut').toBeGreaterThan(0);
        return `${noticed} losses detected during the cut`;
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if the agent acked before its effect was done (the redelivery would be missing) or its handlers were
  // not idempotent (the redelivered message would apply the effect again).
  test('agent SIGKILL after a backend effect and before its ack, then restart', async () => {
    const patterns = [' add account ', ' add user ', ' modify account '];
    const outcome = await runFaultCase(stack, resources, {
      fault: 'agent SIGKILL after effect, before ack',
      inject: async (w) => {
        let kills = 0;
        for (const [i, pattern] of patterns.entries()) {
          await w.reached(0.15 + 0.2 * i);
          await writeFile(stack.slurm.killFile, pattern);
          const exited = await Promise.race([
            stack.agent.process.exited.then(() => true),
            sleep(60_000).then(() => false),
          ]);
          if (!exited) continue;
          kills += 1;
          await stack.agent.start();
        }
        expect(kills, 'agent crashes right after a SLURM write').toBeGreaterThanOrEqual(2);
        return `${kills} crashes`;
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if events were published outside the database transaction (Waldur's publish-after-commit): the rows
  // committed but not yet published when the process died would never be sent.
  test('publisher SIGKILL between database commit and publish, then restart', async () => {
    const outcome = await runFaultCase(stack, resources, {
      fault: 'publisher SIGKILL between commit and publish',
      inject: async (w) => {
        await w.reached(0.3);
        stack.amqpProxy.cut(); // the outbox relay's publishes now hang without a confirm
        const pending = await pendingRows('committed but unpublished outbox rows', 5);
        await stack.publisher.crash();
        stack.amqpProxy.restore();
        await stack.publisher.start();
        return `${pending} outbox rows pending at the kill`;
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if invalid bodies were acked (dropped) or retried forever, or if a failing handler blocked the queue.
  test('poison and malformed messages mixed into the stream end in waldur.dlq.messages', async () => {
    await purgeDeadLetters(stack.management, vhost);
    const tag = randomUUID().slice(0, 8);
    const orderBodies = [
      'not json at all',
      '',
      '[1, 2, 3]',
      '{"order_uuid": 42, "order_state": "executing"}',
      '{"order_state": "executing"}',
      '{"order_uuid": "zz", "order_state": "no-such-state"}',
    ];
    const roleBodies = ['{"user_uuid": true}', '{broken', '{"project_uuid": 7, "granted": "yes"}'];
    // Valid bodies whose handler always fails: the orders do not exist (REST 404 on every attempt).
    const poison = [0, 1, 2].map(
      () => `{"order_uuid": "${randomUUID().replaceAll('-', '')}", "order_state": "executing"}`,
    );
    const injected = [
      ...orderBodies.map((body, i) => ({ target: 'order', body, messageId: `${tag}-bad-order-${i}` })),
      ...roleBodies.map((body, i) => ({ target: 'user_role', body, messageId: `${tag}-bad-role-${i}` })),
      ...poison.map((body, i) => ({ target: 'order', body, messageId: `${tag}-poison-${i}` })),
    ];
    const outcome = await runFaultCase(stack, resources, {
      fault: 'poison + malformed messages',
      inject: async (w) => {
        await w.reached(0.3);
        for (const m of injected) await publishRaw(stack.endpoints, queue(m.target), [m]);
        await waitFor(
          'every poison and malformed message in the dead-letter queue',
          async () => {
            const ids = new Set((await deadLetters(stack.management, vhost)).map((d) => d.messageId));
            return injected.every((m) => ids.has(m.messageId));
          },
          { timeoutMs: 120_000 },
        );
        return `${injected.length} injected, all dead-lettered`;
      },
    });
    const dead = await deadLetters(stack.management, vhost);
    for (const m of injected) {
      const d = dead.find((x) => x.messageId === m.messageId);
      expect(d?.body, `dead letter ${m.messageId}`).toBe(m.body);
      expect(d?.reason, `dead-letter reason of ${m.messageId}`).toBe('rejected');
    }
    expectNothingLost(outcome);
  });

  // Fails without reconciliation: messages the broker dropped (overflow) or expired (TTL) would leave their
  // orders and role changes unapplied forever.
  test('queue overflow past x-max-length and messages past the TTL, repaired by reconciliation', async () => {
    await purgeDeadLetters(stack.management, vhost);
    const policy = 'reliability-overflow';
    const outcome = await runFaultCase(stack, resources, {
      fault: 'overflow + TTL, agent away',
      before: async () => {
        await stack.agent.stop(); // the consumer is away: the queues fill up
        // The lower of policy and queue argument applies: max 15 messages, 3 s TTL instead of 10 000 / 1 h.
        await stack.management.request('PUT', `/policies/${encodeURIComponent(vhost)}/${policy}`, {
          pattern: '^subscription_',
          'apply-to': 'queues',
          priority: 10,
          definition: { 'max-length': 15, 'message-ttl': 3000 },
        });
      },
      inject: async (w) => {
        await w.reached(0.35);
        const reasons = await waitFor(
          'messages dead-lettered by overflow and by TTL',
          async () => {
            const r = new Set((await deadLetters(stack.management, vhost)).map((d) => d.reason));
            return r.has('maxlen') && r.has('expired') ? r : undefined;
          },
          { timeoutMs: 90_000 },
        );
        const dropped = (await deadLetters(stack.management, vhost)).length;
        await stack.management.request('DELETE', `/policies/${encodeURIComponent(vhost)}/${policy}`);
        await stack.agent.start(); // start-up catch-up = reconciliation of orders and memberships
        return `${dropped} messages dropped (${[...reasons].join(', ')})`;
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if a transient backend failure turned into a final one (order erred) or a dropped role change.
  test('slurm-mock failing N times in a row', async () => {
    const outcome = await runFaultCase(stack, resources, {
      fault: 'slurm-mock fails 3 x 8 commands',
      inject: async (w) => {
        for (const at of [0.2, 0.4, 0.6]) {
          await w.reached(at);
          stack.slurm.failNext(8);
          await waitFor('the armed SLURM failures to be used up', () => stack.slurm.failuresLeft() === 0, {
            timeoutMs: 60_000,
          });
        }
        return '24 failed sacctmgr calls';
      },
    });
    expectNothingLost(outcome);
  });

  // Fails if the publisher kept dead pool connections after a database restart (every request and relay pass
  // would fail from then on), or if the relay dropped rows whose publish or mark-as-sent hit the restart.
  test('PostgreSQL restarted under the publisher mid-stream', async () => {
    const restart = stack.database.restart;
    if (restart === undefined) throw new Error('the suite needs its own PostgreSQL');
    const outcome = await runFaultCase(stack, resources, {
      fault: 'PostgreSQL restart',
      inject: async (w) => {
        await w.reached(0.3);
        await restart();
        // The publisher answers again from its pool (a read that needs the database).
        await waitFor(
          'the publisher to answer from the restarted database',
          async () => (await stack.consumer.call('GET', '/marketplace-orders/?page_size=1')).status === 200,
          { timeoutMs: 60_000 },
        );
        return 'publisher and agent kept running';
      },
    });
    expect(stack.publisher.running, 'publisher survived the database restart').toBe(true);
    expectNothingLost(outcome);
  });

  // Fails if two relays could publish the same row concurrently (no row locks), if the rows a killed relay had
  // claimed stayed locked or were skipped for good, or if the survivor overtook them (a grant before its revoke).
  test('two publishers on one database, one SIGKILLed while its relay holds claimed rows', async () => {
    const second = await stack.extraPublisher('publisher-b');
    const outcome = await runFaultCase(stack, resources, {
      fault: 'two publishers, one SIGKILLed',
      before: () => second.publisher.start(),
      inject: async (w) => {
        await w.reached(0.3);
        // B's publishes now hang without a confirm, so the rows B claims stay locked by B's transaction.
        second.amqpProxy.cut();
        const pending = await pendingRows('rows held by the second relay', 5);
        await second.publisher.crash();
        second.amqpProxy.restore();
        return `${pending} rows pending at the kill of B`;
      },
    });
    expect(stack.publisher.running, 'the surviving publisher').toBe(true);
    expectNothingLost(outcome);
  });

  // Fails if a relay treated a blocked connection (no confirm while the alarm lasts) as a failure it dropped, or
  // never resumed once the broker unblocked it.
  test('broker memory alarm blocks the publishers, then is lifted', async () => {
    const alarm = async (): Promise<boolean> => {
      const nodes = (await stack.management.request('GET', '/nodes')).body as { mem_alarm?: boolean }[];
      return nodes.some((n) => n.mem_alarm === true);
    };
    const outcome = await runFaultCase(stack, resources, {
      fault: 'broker memory alarm',
      inject: async (w) => {
        await w.reached(0.3);
        await stack.broker.setMemoryWatermark(0.0001);
        try {
          await waitFor('the memory alarm', alarm, { timeoutMs: 30_000 });
          const pending = await pendingRows('outbox rows held back by the blocked relay', 10);
          return `${pending} outbox rows pending under the alarm`;
        } finally {
          await stack.broker.setMemoryWatermark(0.4);
          await waitFor('the memory alarm to clear', async () => !(await alarm()), { timeoutMs: 30_000 });
        }
      },
    });
    expectNothingLost(outcome);
  });
});
