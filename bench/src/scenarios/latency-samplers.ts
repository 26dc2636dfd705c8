// Scenario 1's samplers: one order from create to done (event_process agent, order_process agent or the floor
// script doing the provider's part), and the notification alone (publisher commit → agent handler start).
import { openDatabase, OutboxEventRecorder } from '@waldur-sim/publisher';
import { BenchError } from '../bench-error.js';
import { sleep, wallNowMs } from '../clock.js';
import type { AgentProcess } from '../harness/agent-process.js';
import type { PublisherStack, World } from '../harness/publisher-stack.js';
import type { RequestLog } from '../harness/request-log.js';
import type { WaldurRest } from '../harness/waldur-rest.js';

export const LIMITS = { cpu: 1, mem: 1 } as const;

export interface OrderSample {
  readonly order: string;
  readonly resource: string;
  readonly t0: number;
  readonly tApproved: number;
  readonly tDone: number;
  readonly backendId: string;
}

async function waitDone(
  requests: RequestLog,
  stack: PublisherStack,
  order: string,
  from: number,
  alive: () => boolean,
): Promise<number> {
  const done = `/api/marketplace-orders/${order}/set_state_done/`;
  const erred = `/api/marketplace-orders/${order}/set_state_erred/`;
  const entry = await stack.process.log.waitFor(
    `set_state_done of order ${order}`,
    () => {
      if (requests.completed('POST', erred, from) !== undefined)
        throw new BenchError('SCENARIO_FAILED', `order ${order} was marked erred`);
      return requests.completed('POST', done, from);
    },
    { timeoutMs: 90_000, pollMs: 20, alive: () => alive() && stack.process.running },
  );
  return entry.end ?? entry.start;
}

/** Create + approve as the consumer; `provider` does the provider's part (agent: wait; floor: do it). */
export async function orderSample(
  stack: PublisherStack,
  requests: RequestLog,
  world: World,
  consumer: WaldurRest,
  index: number,
  provider: (order: string, resource: string) => Promise<void>,
  alive: () => boolean,
): Promise<OrderSample> {
  const t0 = wallNowMs();
  const order = await consumer.createOrder({
    offeringUuid: world.offeringUuid,
    projectUuid: world.projectUuid,
    limits: LIMITS,
    name: `bench ${index}`,
  });
  await consumer.approveByConsumer(order.uuid);
  const tApproved = wallNowMs();
  await provider(order.uuid, order.marketplace_resource_uuid);
  const tDone = await waitDone(requests, stack, order.uuid, Math.floor(t0) - 1, alive);
  const backendId = await stack.rest(world.ownerToken).resourceBackendId(order.marketplace_resource_uuid);
  return { order: order.uuid, resource: order.marketplace_resource_uuid, t0, tApproved, tDone, backendId };
}

/**
 * Commits order events for a finished order and times each until the agent starts handling it. The commit instant
 * is bracketed: `fromLastStatement` starts at the database clock at the transaction's last statement (before
 * COMMIT: an upper bound of the latency), `fromReturn` when the transaction returned to this process (after
 * COMMIT: a lower bound).
 */
export async function measureNotification(
  stack: PublisherStack,
  agent: AgentProcess,
  order: string,
  count: number,
): Promise<{ fromLastStatement: number[]; fromReturn: number[] }> {
  const db = await openDatabase({ databaseUrl: stack.databaseUrl, poolMax: 2 });
  const recorder = new OutboxEventRecorder();
  const out = { fromLastStatement: [] as number[], fromReturn: [] as number[] };
  try {
    for (let i = 0; i < count + 3; i += 1) {
      const before = agent.records('Processing message').length;
      // The database's clock at the transaction's last statement: the commit follows right after it, and this
      // does not depend on when the benchmark's own event loop gets to run.
      const tCommit = await db.prisma.$transaction(async (tx) => {
        await recorder.orderStateChanged(tx, order);
        const rows = await tx.$queryRaw<
          { t: number }[]
        >`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS t`;
        return rows[0]?.t ?? wallNowMs();
      });
      const tReturned = wallNowMs();
      const record = await agent.process.log.waitFor(
        `agent handling of event ${String(i)}`,
        () =>
          agent
            .records('Processing message')
            .slice(before)
            .find((r) => (r.json?.payload as { order_uuid?: unknown } | undefined)?.order_uuid === order),
        { timeoutMs: 15_000, pollMs: 5, alive: () => agent.process.running },
      );
      if (i >= 3 && record.time !== undefined) {
        out.fromLastStatement.push(record.time - tCommit);
        out.fromReturn.push(record.time - tReturned);
      }
      await sleep(60 + Math.random() * 40);
    }
  } finally {
    await db.close();
  }
  return out;
}
